"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { XIcon, ZapIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { unwrapAction } from "@/lib/actions/unwrap";
import { knownCountryName, knownServiceName } from "@/lib/prices/names";
import { smartBuyQueryKey } from "@/lib/smart-buy/client";
import type { QuickBuyDto } from "@/lib/smart-buy/dto";
import { deleteQuickBuyAction, runQuickBuyAction } from "../smart-buy-actions";

/** The caller's quick buys as buttons: one click starts a smart buy with the saved plan. */
export function QuickBuyBar({ quickBuys }: { quickBuys: QuickBuyDto[] }) {
  const t = useTranslations("smartBuy");
  const queryClient = useQueryClient();
  const settle = () => queryClient.invalidateQueries({ queryKey: smartBuyQueryKey });
  const run = useMutation({
    mutationFn: async (id: string) => unwrapAction(await runQuickBuyAction({ id })),
    onSuccess: (result) =>
      result.error ? toast.error(result.error.message) : toast.success(t("started")),
    onSettled: settle,
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrapAction(await deleteQuickBuyAction({ id })),
    onSuccess: (result) => result.error && toast.error(result.error.message),
    onSettled: settle,
  });
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
