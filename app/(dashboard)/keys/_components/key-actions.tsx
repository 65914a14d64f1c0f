"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { unwrapAction } from "@/lib/actions/unwrap";
import type { KeyDto } from "@/lib/keys/dto";
import { deleteKeyAction, rotateKeyAction, setKeyEnabledAction, testKeyAction } from "../actions";
import { useKeyAction } from "./use-key-action";

/** Test (getBalance), Rotate, Disable/Enable, Delete for one key. */
export function KeyActions({ keyDto }: { keyDto: KeyDto }) {
  const t = useTranslations("keys");
  const { pending, run } = useKeyAction();
  const [rotating, setRotating] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const keyId = keyDto.id;

  const remove = (confirmed: boolean) =>
    run(
      async () => unwrapAction(await deleteKeyAction({ keyId, confirmed })),
      () => {
        setConfirmDelete(null);
        return t("deleted", { name: keyDto.name });
      },
      (code) => {
        if (code !== "KEY_HAS_ACTIVE_ACTIVATIONS") return false;
        setConfirmDelete(keyDto.activeActivations || 1);
        return true;
      },
    );

  return (
    <div className="flex flex-wrap gap-1.5">
      <Button
        size="xs"
        variant="outline"
        disabled={pending}
        onClick={() =>
          run(
            async () => unwrapAction(await testKeyAction({ keyId })),
            (data) => t("tested", { balance: data.balance.toFixed(2) }),
          )
        }
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
        onClick={() =>
          run(
            async () => unwrapAction(await setKeyEnabledAction({ keyId, enabled: !keyDto.enabled })),
            () => (keyDto.enabled ? t("disabledDone") : t("enabledDone")),
          )
        }
      >
        {keyDto.enabled ? t("disable") : t("enable")}
      </Button>
      <Button size="xs" variant="destructive" disabled={pending} onClick={() => remove(false)}>
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
              run(
                async () => unwrapAction(await rotateKeyAction({ keyId, secret })),
                () => {
                  setRotating(false);
                  return t("rotated", { name: keyDto.name });
                },
              );
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
          <Button variant="destructive" disabled={pending} onClick={() => remove(true)}>
            {t("deleteAnyway")}
          </Button>
        </DialogContent>
      </Dialog>
    </div>
  );
}
