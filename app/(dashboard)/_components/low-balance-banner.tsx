"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { accountQueryOptions } from "@/lib/activations/client-queries";
import { isLowBalance } from "@/lib/limits/arithmetic";

/**
 * Tells the whole team, on every dashboard page, that a key's balance is under the threshold an
 * admin set on /keys. Reads the header's account poll (same query key: no extra request).
 */
export function LowBalanceBanner() {
  const t = useTranslations("limits");
  const { data } = useQuery(accountQueryOptions());
  const low = (data?.keys ?? []).filter((k) => isLowBalance(k.balance, k.lowBalanceThreshold));
  if (low.length === 0) return null;
  return (
    <Alert role="status" variant="warning" className="mb-4 grid gap-1" data-testid="low-balance-banner">
      {low.map((k) => (
        <p key={k.id}>{t("lowBalance", { key: k.name, balance: k.balance ?? 0, threshold: k.lowBalanceThreshold ?? 0 })}</p>
      ))}
    </Alert>
  );
}
