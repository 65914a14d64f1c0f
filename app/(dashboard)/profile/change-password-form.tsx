"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { authClient } from "@/lib/auth/client";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";

/** better-auth's error as a message: its code when we know it, else "check the current one". */
function failureKey(error: { status: number; code?: string }) {
  if (error.status === 429) return "tooManyAttempts";
  if (error.code === "PASSWORD_UNCHANGED") return "passwordUnchanged";
  if (error.code === "PASSWORD_TOO_SHORT" || error.code === "PASSWORD_TOO_LONG") return "passwordLength";
  return "passwordNotChanged";
}

export function ChangePasswordForm({ mustChange }: { mustChange: boolean }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    // Also refused by better-auth (PASSWORD_UNCHANGED): said here at once, without a round trip.
    if (form.get("newPassword") === form.get("currentPassword")) {
      toast.error(t("passwordUnchanged"));
      return;
    }
    setPending(true);
    const { error } = await authClient.changePassword({
      currentPassword: String(form.get("currentPassword")),
      newPassword: String(form.get("newPassword")),
      revokeOtherSessions: true,
    });
    setPending(false);
    if (error) {
      toast.error(t(failureKey(error), { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }));
      return;
    }
    formElement.reset();
    toast.success(t("passwordChanged"));
    // The one-time password is gone: the rest of the app opens now.
    if (mustChange) router.replace("/activations");
    router.refresh();
  }

  return (
    <form className="grid gap-4 rounded-lg border p-4" onSubmit={onSubmit}>
      <h2 className="font-medium">{t("changePassword")}</h2>
      <div className="grid gap-1.5">
        <Label htmlFor="current-password">{t("currentPassword")}</Label>
        <Input
          id="current-password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          maxLength={PASSWORD_MAX_LENGTH}
          required
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="new-password">{t("newPassword")}</Label>
        <Input
          id="new-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          required
        />
      </div>
      <Button type="submit" disabled={pending}>
        {t("changePassword")}
      </Button>
    </form>
  );
}
