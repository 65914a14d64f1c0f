import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { ThemeProvider } from "next-themes";
import type * as React from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: t("title"),
    description: t("tagline"),
    // Home-screen name on iOS, which reads this rather than the manifest's short_name.
    appleWebApp: { title: t("title"), capable: true, statusBarStyle: "default" },
  };
}

// The browser bar follows the system theme (a meta tag cannot know a choice kept in localStorage).
export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0a0a" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  // next-themes sets the theme class with an inline script before the first paint (no flash of
  // the wrong theme); under our CSP it runs only with this request's nonce (set in proxy.ts).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The script changes <html>'s class and color-scheme before React hydrates.
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-screen">
        <ThemeProvider
          attribute="class"
          defaultTheme="system"
          enableSystem
          disableTransitionOnChange
          nonce={nonce}
        >
          <NextIntlClientProvider>
            <Providers>{children}</Providers>
          </NextIntlClientProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
