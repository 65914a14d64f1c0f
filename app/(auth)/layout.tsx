import { getTranslations } from "next-intl/server";
import type * as React from "react";
import { ThemeSwitch } from "@/components/theme-switch";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("app");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 p-4">
      <div className="text-center">
        <p className="text-2xl font-semibold">{t("title")}</p>
        <p className="text-sm text-muted-foreground">{t("tagline")}</p>
      </div>
      <div className="w-full max-w-sm rounded-lg border bg-background p-6 shadow-sm">{children}</div>
      <ThemeSwitch />
    </main>
  );
}
