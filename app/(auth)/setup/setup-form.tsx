"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { unwrapAction } from "@/lib/actions/unwrap";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { setupAction } from "./actions";

const FIELDS = [
  { name: "teamName", type: "text", autoComplete: "organization" },
  { name: "name", type: "text", autoComplete: "name" },
  { name: "email", type: "email", autoComplete: "username" },
  { name: "password", type: "password", autoComplete: "new-password" },
] as const;

/** Failures that mean "this visitor must give the setup token": the field then appears. */
const TOKEN_CODES = new Set(["SETUP_TOKEN_REQUIRED", "SETUP_TOKEN_WRONG", "SETUP_TOKEN_THROTTLED"]);

export function SetupForm({ tokenRequired }: { tokenRequired: boolean }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The server decides: asked for by the page, or by the action's answer.
  const [askToken, setAskToken] = useState(tokenRequired);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const token = form.get("setupToken");
    setPending(true);
    const result = unwrapAction(
      await setupAction({
        teamName: String(form.get("teamName")),
        name: String(form.get("name")),
        email: String(form.get("email")),
        password: String(form.get("password")),
        ...(typeof token === "string" && token ? { setupToken: token } : {}),
      }),
    );
    setPending(false);
    if (result.error) {
      if (TOKEN_CODES.has(result.error.code)) setAskToken(true);
      setError(result.error.message);
      return;
    }
    router.replace("/sign-in");
  }

  return (
    <form className="grid gap-4" onSubmit={onSubmit}>
      {FIELDS.map((field) => (
        <div key={field.name} className="grid gap-1.5">
          <Label htmlFor={`setup-${field.name}`}>{t(`fields.${field.name}`)}</Label>
          <Input
            id={`setup-${field.name}`}
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            minLength={field.name === "password" ? PASSWORD_MIN_LENGTH : undefined}
            maxLength={field.name === "password" ? PASSWORD_MAX_LENGTH : undefined}
            required
          />
        </div>
      ))}
      {askToken ? (
        <div className="grid gap-1.5">
          <Label htmlFor="setup-token">{t("setupToken")}</Label>
          <Input
            id="setup-token"
            name="setupToken"
            type="password"
            autoComplete="off"
            maxLength={200}
            required
            aria-describedby="setup-token-hint"
          />
          <p id="setup-token-hint" className="text-xs text-muted-foreground">
            {t("setupTokenHint")}
          </p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {t("createAdmin")}
      </Button>
    </form>
  );
}
