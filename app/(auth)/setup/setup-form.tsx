"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { unwrapAction } from "@/lib/actions/unwrap";
import { setupAction } from "./actions";

const FIELDS = [
  { name: "teamName", type: "text", autoComplete: "organization" },
  { name: "name", type: "text", autoComplete: "name" },
  { name: "email", type: "email", autoComplete: "username" },
  { name: "password", type: "password", autoComplete: "new-password" },
] as const;

export function SetupForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = unwrapAction(
      await setupAction({
        teamName: String(form.get("teamName")),
        name: String(form.get("name")),
        email: String(form.get("email")),
        password: String(form.get("password")),
      }),
    );
    setPending(false);
    if (result.error) {
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
            minLength={field.name === "password" ? 10 : undefined}
            required
          />
        </div>
      ))}
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
