"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useActionMutation } from "@/components/use-action-mutation";
import type { WebhookDto } from "@/lib/webhooks/settings";
import { rotateWebhookAction, setWebhookSourcesAction } from "../actions";

/** Each key's webhook: the URL to paste into the provider's profile, Rotate, the allow-list. */
export function KeyWebhooks({ webhooks }: { webhooks: WebhookDto[] }) {
  const t = useTranslations("webhooks");
  if (webhooks.length === 0) return null;
  return (
    <section className="flex flex-col gap-3" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted-foreground">{t("intro")}</p>
      {webhooks.map((webhook) => (
        <KeyWebhook key={webhook.keyId} webhook={webhook} />
      ))}
    </section>
  );
}

function KeyWebhook({ webhook }: { webhook: WebhookDto }) {
  const t = useTranslations("webhooks");
  const [confirmRotate, setConfirmRotate] = useState(false);
  const { keyId } = webhook;
  const saveSources = useActionMutation((sources: string) => setWebhookSourcesAction({ keyId, sources }), {
    refresh: true,
    success: () => t("sourcesSaved"),
  });
  const rotate = useActionMutation(() => rotateWebhookAction({ keyId }), {
    refresh: true,
    onDone: () => setConfirmRotate(false),
    success: () => t("rotated", { name: webhook.keyName }),
  });
  const pending = saveSources.isPending || rotate.isPending;
  const urlId = `webhook-url-${keyId}`;
  const sourcesId = `webhook-sources-${keyId}`;

  return (
    <div className="grid gap-3 rounded-md border p-3" data-testid={`webhook-${webhook.keyName}`}>
      <h3 className="font-medium">{webhook.keyName}</h3>
      <div className="grid gap-1.5">
        <Label htmlFor={urlId}>{t("url")}</Label>
        <div className="flex items-center gap-1.5">
          <Input
            id={urlId}
            readOnly
            className="font-mono text-xs"
            value={webhook.url ?? ""}
            placeholder={t("unreadable")}
            onFocus={(event) => event.currentTarget.select()}
          />
          {webhook.url ? <CopyButton value={webhook.url} label={t("url")} /> : null}
          <Button size="xs" variant="outline" disabled={pending} onClick={() => setConfirmRotate(true)}>
            {t("rotate")}
          </Button>
        </div>
      </div>
      <form
        className="grid gap-1.5"
        onSubmit={(event) => {
          event.preventDefault();
          const sources = String(new FormData(event.currentTarget).get("sources") ?? "");
          saveSources.mutate(sources);
        }}
      >
        <Label htmlFor={sourcesId}>{t("sources")}</Label>
        <div className="flex items-center gap-1.5">
          <Input id={sourcesId} name="sources" defaultValue={webhook.allowedSources} placeholder={t("sourcesPlaceholder")} />
          <Button type="submit" size="xs" variant="outline" disabled={pending}>
            {t("saveSources")}
          </Button>
        </div>
        <p className="text-xs text-muted-foreground">{t("sourcesHelp")}</p>
      </form>

      <Dialog open={confirmRotate} onOpenChange={setConfirmRotate}>
        <DialogContent closeLabel={t("close")}>
          <DialogHeader>
            <DialogTitle>{t("rotateTitle", { name: webhook.keyName })}</DialogTitle>
            <DialogDescription>{t("rotateDescription")}</DialogDescription>
          </DialogHeader>
          <Button
            disabled={pending}
            onClick={() => rotate.mutate(undefined)}
          >
            {t("rotateConfirm")}
          </Button>
        </DialogContent>
      </Dialog>
    </div>
  );
}
