"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { setLocaleAction } from "@/app/actions/locale";
import { isLocale, type Locale } from "@/lib/i18n/config";

const LABELS: Record<Locale, string> = { en: "English", "pt-BR": "Português (Brasil)" };

export function LanguageSwitch() {
  const t = useTranslations("header");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <NativeSelect
      aria-label={t("language")}
      className="h-8 w-40"
      value={locale}
      disabled={pending}
      onChange={(event) => {
        const next = event.target.value;
        if (!isLocale(next)) return;
        startTransition(async () => {
          await setLocaleAction({ locale: next });
          router.refresh();
        });
      }}
    >
      {Object.entries(LABELS).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </NativeSelect>
  );
}
