"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useActionMutation } from "@/components/use-action-mutation";
import type { KeyDto } from "@/lib/keys/dto";
import { deleteKeyAction, rotateKeyAction, setKeyEnabledAction, testKeyAction } from "../actions";

/** Test (getBalance), Rotate, Disable/Enable, Delete for one key. */
export function KeyActions({ keyDto }: { keyDto: KeyDto }) {
  const t = useTranslations("keys");
  const [rotating, setRotating] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const keyId = keyDto.id;

  const test = useActionMutation(() => testKeyAction({ keyId }), {
    refresh: true,
    success: (data) => t("tested", { balance: data.balance.toFixed(2) }),
  });
  const setEnabled = useActionMutation((enabled: boolean) => setKeyEnabledAction({ keyId, enabled }), {
    refresh: true,
    success: (_data, enabled) => (enabled ? t("enabledDone") : t("disabledDone")),
  });
  const rotate = useActionMutation((secret: string) => rotateKeyAction({ keyId, secret }), {
    refresh: true,
    onDone: () => setRotating(false),
    success: () => t("rotated", { name: keyDto.name }),
  });
  const remove = useActionMutation((confirmed: boolean) => deleteKeyAction({ keyId, confirmed }), {
    refresh: true,
    onDone: () => setConfirmDelete(null),
    success: () => t("deleted", { name: keyDto.name }),
    // A key still holding activations is deleted only once the admin confirms it.
    onFailed: (error) => {
      if (error.code !== "KEY_HAS_ACTIVE_ACTIVATIONS") return false;
      setConfirmDelete(keyDto.activeActivations || 1);
      return true;
    },
  });
  const pending = test.isPending || setEnabled.isPending || rotate.isPending || remove.isPending;

  return (
    <div className="flex flex-wrap gap-1.5">
      <Button
        size="xs"
        variant="outline"
        disabled={pending}
        onClick={() => test.mutate(undefined)}
      >
        {t("test")}
      </Button>
      <Button size="xs" variant="outline" disabled={pending} onClick={() => setRotating(true)}>
        {t("rotate")}
      </Button>
      <Button
        size="xs"
        variant="outline"
        disabled={pending}
        onClick={() => setEnabled.mutate(!keyDto.enabled)}
      >
        {keyDto.enabled ? t("disable") : t("enable")}
      </Button>
      <Button size="xs" variant="destructive" disabled={pending} onClick={() => remove.mutate(false)}>
        {t("delete")}
      </Button>

      <Dialog open={rotating} onOpenChange={setRotating}>
        <DialogContent closeLabel={t("close")}>
          <DialogHeader>
            <DialogTitle>{t("rotateTitle", { name: keyDto.name })}</DialogTitle>
            <DialogDescription>{t("rotateDescription")}</DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              const secret = String(new FormData(event.currentTarget).get("secret"));
              rotate.mutate(secret);
            }}
          >
            <div className="grid gap-1.5">
              <Label htmlFor={`rotate-${keyId}`}>{t("fields.newSecret")}</Label>
              <Input id={`rotate-${keyId}`} name="secret" type="password" autoComplete="off" required minLength={8} />
            </div>
            <Button type="submit" disabled={pending}>
              {t("rotate")}
            </Button>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={confirmDelete !== null} onOpenChange={(open) => !open && setConfirmDelete(null)}>
        <DialogContent closeLabel={t("close")}>
          <DialogHeader>
            <DialogTitle>{t("deleteTitle", { name: keyDto.name })}</DialogTitle>
            <DialogDescription>{t("deleteActive", { count: confirmDelete ?? 0 })}</DialogDescription>
          </DialogHeader>
          <Button variant="destructive" disabled={pending} onClick={() => remove.mutate(true)}>
            {t("deleteAnyway")}
          </Button>
        </DialogContent>
      </Dialog>
    </div>
  );
}
