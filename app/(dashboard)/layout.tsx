import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type * as React from "react";
import { BalanceBadge } from "./_components/balance-badge";
import { LanguageSwitch } from "./_components/language-switch";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
          <Link href="/activations" className="text-lg font-semibold">
            {t("app.title")}
          </Link>
          <nav className="text-sm">
            <Link href="/activations" className="text-muted-foreground hover:text-foreground">
              {t("nav.activations")}
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <BalanceBadge />
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
