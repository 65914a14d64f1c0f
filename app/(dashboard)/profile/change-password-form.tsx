"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { authClient } from "@/lib/auth/client";

export function ChangePasswordForm({ mustChange }: { mustChange: boolean }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    const { error } = await authClient.changePassword({
      currentPassword: String(form.get("currentPassword")),
      newPassword: String(form.get("newPassword")),
      revokeOtherSessions: true,
    });
    setPending(false);
    if (error) {
      toast.error(error.status === 429 ? t("tooManyAttempts") : t("passwordNotChanged"));
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
        <Input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="new-password">{t("newPassword")}</Label>
        <Input id="new-password" name="newPassword" type="password" autoComplete="new-password" minLength={10} required />
      </div>
      <Button type="submit" disabled={pending}>
        {t("changePassword")}
      </Button>
    </form>
  );
}
