import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type * as React from "react";
import { ThemeSwitch } from "@/components/theme-switch";
import { requireSession } from "@/lib/auth/page-guards";
import { BalanceBadge } from "./_components/balance-badge";
import { InvitationsBanner } from "./_components/invitations-banner";
import { LanguageSwitch } from "./_components/language-switch";
import { LowBalanceBanner } from "./_components/low-balance-banner";
import { SignOutButton } from "./_components/sign-out-button";
import { TeamSwitcher } from "./_components/team-switcher";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  const t = await getTranslations();
  const isAdmin = session.team?.role === "admin";
  // Admin pages check the role themselves; the links are only a convenience.
  const links = [
    { href: "/activations", label: t("nav.activations") },
    { href: "/history", label: t("nav.history") },
    ...(isAdmin
      ? [
          { href: "/keys", label: t("nav.keys") },
          { href: "/team", label: t("nav.team") },
          { href: "/audit", label: t("nav.audit") },
          { href: "/reports", label: t("nav.reports") },
        ]
      : []),
  ];
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/activations" className="text-lg font-semibold">
            {t("app.title")}
          </Link>
          <nav className="flex gap-4 text-sm">
            {links.map((link) => (
              <Link key={link.href} href={link.href} className="text-muted-foreground hover:text-foreground">
                {link.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3">
            {session.team ? <BalanceBadge /> : null}
            <TeamSwitcher
              teams={session.teams.map((m) => ({ id: m.teamId, name: m.teamName }))}
              currentTeamId={session.team?.teamId ?? null}
            />
            <LanguageSwitch />
            <ThemeSwitch />
            <Link href="/profile" className="text-sm text-muted-foreground hover:text-foreground" title={t("auth.profile")}>
              {session.email} · {session.team ? t(`auth.roles.${session.team.role}`) : ""}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        <InvitationsBanner session={session} />
        {session.team ? <LowBalanceBanner /> : null}
        {children}
      </main>
    </div>
  );
}
