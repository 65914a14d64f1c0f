"use client";

import { PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useActionMutation } from "@/components/use-action-mutation";
import { PROVIDER_PRESETS } from "@/lib/keys/presets";
import { createKeyAction } from "../actions";

export function AddKeyDialog() {
  const t = useTranslations("keys");
  const [open, setOpen] = useState(false);
  const [provider, setProvider] = useState("sms-online");
  const create = useActionMutation(createKeyAction, {
    refresh: true,
    onDone: () => setOpen(false),
    success: () => t("added"),
  });
  const pending = create.isPending;
  const preset = PROVIDER_PRESETS.find((p) => p.id === provider);

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm">
          <PlusIcon />
          {t("add")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")}>
        <DialogHeader>
          <DialogTitle>{t("addTitle")}</DialogTitle>
          <DialogDescription>{t("addDescription")}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            create.mutate({
              name: String(form.get("name")),
              provider,
              baseUrl: provider === "custom" ? String(form.get("baseUrl")) : undefined,
              secret: String(form.get("secret")),
              earlyCancelSeconds: Number(form.get("earlyCancelSeconds")),
              lifetimeSeconds: Number(form.get("lifetimeMinutes")) * 60,
            });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="key-name">{t("fields.name")}</Label>
            <Input id="key-name" name="name" required maxLength={60} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="key-provider">{t("fields.provider")}</Label>
            <NativeSelect id="key-provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
              {PROVIDER_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.baseUrl ? `${p.name} (${p.baseUrl})` : p.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          {provider === "custom" ? (
            <div className="grid gap-1.5">
              <Label htmlFor="key-base-url">{t("fields.baseUrl")}</Label>
              <Input id="key-base-url" name="baseUrl" type="url" required placeholder="https://provider.example" />
            </div>
          ) : null}
          <div className="grid gap-1.5">
            <Label htmlFor="key-secret">{t("fields.secret")}</Label>
            <Input id="key-secret" name="secret" type="password" autoComplete="off" required minLength={8} />
          </div>
          {/* Keyed by provider so switching the preset resets these to its values. */}
          <div key={provider} className="grid grid-cols-2 gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="key-early-cancel">{t("fields.earlyCancelSeconds")}</Label>
              <Input id="key-early-cancel" name="earlyCancelSeconds" type="number" min={0} max={600} step={1} defaultValue={preset?.earlyCancelSeconds ?? 120} required />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="key-lifetime">{t("fields.lifetimeMinutes")}</Label>
              <Input id="key-lifetime" name="lifetimeMinutes" type="number" min={5} max={120} step={1} defaultValue={(preset?.lifetimeSeconds ?? 1200) / 60} required />
            </div>
          </div>
          <Button type="submit" disabled={pending}>
            {t("save")}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
