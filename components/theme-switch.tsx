"use client";

import { MonitorIcon, MoonIcon, SunIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";
import { cn } from "@/lib/utils";

const OPTIONS = [
  { value: "system", Icon: MonitorIcon, label: "themeSystem" },
  { value: "light", Icon: SunIcon, label: "themeLight" },
  { value: "dark", Icon: MoonIcon, label: "themeDark" },
] as const;

const subscribe = () => () => {};

/**
 * System / light / dark, remembered by next-themes in localStorage. Used in the dashboard header
 * and on the sign-in pages, so it lives here rather than in one route group.
 */
export function ThemeSwitch({ className }: { className?: string }) {
  const t = useTranslations("header");
  const { theme, setTheme } = useTheme();
  // The server cannot know the stored choice: nothing is shown as pressed until hydration is
  // over, so the server's HTML and the first client render agree.
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const current = hydrated ? (theme ?? "system") : undefined;

  return (
    <fieldset className={cn("inline-flex rounded-md border p-0.5", className)}>
      <legend className="sr-only">{t("theme")}</legend>
      {OPTIONS.map(({ value, Icon, label }) => (
        <button
          key={value}
          type="button"
          aria-label={t(label)}
          title={t(label)}
          aria-pressed={current === value}
          onClick={() => setTheme(value)}
          className="inline-flex size-7 items-center justify-center rounded-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-pressed:bg-accent aria-pressed:text-accent-foreground [&_svg]:size-4"
        >
          <Icon aria-hidden />
        </button>
      ))}
    </fieldset>
  );
}
