"use client";

import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** reissued: a fresh one-time password for an existing member, not a new account. */
export type CreatedAccount = { email: string; password: string; reissued?: boolean };

/**
 * Shows a new account's one-time password, once. The server keeps only its hash, and closing
 * this dialog drops it from the page too (onClose clears the state), so it cannot come back.
 * A click outside does not close it: the admin confirms they have passed it on.
 */
export function OneTimePasswordDialog({
  account,
  onClose,
}: {
  account: CreatedAccount | null;
  onClose: () => void;
}) {
  const t = useTranslations("team");
  return (
    <Dialog open={account !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent closeLabel={t("close")} onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>
            {t(account?.reissued ? "password.reissuedTitle" : "password.title", {
              email: account?.email ?? "",
            })}
          </DialogTitle>
          <DialogDescription>{t("password.description")}</DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor="one-time-password">{t("password.label")}</Label>
          <div className="flex items-center gap-2">
            <Input
              id="one-time-password"
              readOnly
              value={account?.password ?? ""}
              className="font-mono"
              autoComplete="off"
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton value={account?.password ?? ""} label={t("password.copy")} />
          </div>
        </div>
        <Button onClick={onClose}>{t("password.done")}</Button>
      </DialogContent>
    </Dialog>
  );
}
