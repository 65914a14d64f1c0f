"use client";

import { XIcon, ZapIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useActionMutation } from "@/components/use-action-mutation";
import { knownCountryName, knownServiceName } from "@/lib/prices/names";
import { smartBuyQueryKey } from "@/lib/smart-buy/client";
import type { QuickBuyDto } from "@/lib/smart-buy/dto";
import { deleteQuickBuyAction, runQuickBuyAction } from "../smart-buy-actions";

/** The caller's quick buys as buttons: one click starts a smart buy with the saved plan. */
export function QuickBuyBar({ quickBuys }: { quickBuys: QuickBuyDto[] }) {
  const t = useTranslations("smartBuy");
  const run = useActionMutation((id: string) => runQuickBuyAction({ id }), {
    success: () => t("started"),
    invalidate: [smartBuyQueryKey],
  });
  const remove = useActionMutation((id: string) => deleteQuickBuyAction({ id }), { invalidate: [smartBuyQueryKey] });
  if (quickBuys.length === 0) return null;
  return (
    <ul aria-label={t("quickBuys")} className="flex flex-wrap gap-2" data-testid="quick-buys">
      {quickBuys.map((q) => (
        <li key={q.id} className="flex items-center">
          <Button
            size="sm"
            variant="secondary"
            aria-label={t("startQuickBuy", { name: q.name })}
            disabled={run.isPending}
            title={t("quickBuyTitle", {
              service: knownServiceName(q.service) ?? q.service,
              countries: q.countries.map((c) => knownCountryName(c) ?? c).join(" → "),
            })}
            onClick={() => run.mutate(q.id)}
          >
            <ZapIcon />
            {q.name}
            {q.shared && <span className="text-xs text-muted-foreground">{t("sharedMark")}</span>}
          </Button>
          {q.deletable && (
            <Button
              size="icon"
              variant="ghost"
              aria-label={t("deleteQuickBuy", { name: q.name })}
              disabled={remove.isPending}
              onClick={() => remove.mutate(q.id)}
            >
              <XIcon />
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
