"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangleIcon, WalletIcon } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { accountQueryKey, fetchAccount, POLL_MS } from "@/lib/activations/client-queries";

/** The key's balance and sync health, as the sync loop last recorded them. */
export function BalanceBadge() {
  const t = useTranslations("header");
  const format = useFormatter();
  const { data } = useQuery({
    queryKey: accountQueryKey,
    queryFn: fetchAccount,
    refetchInterval: POLL_MS * 2,
  });
  return (
    <div className="flex items-center gap-2">
      {data?.syncError ? (
        <Badge tone="danger" role="status">
          <AlertTriangleIcon className="size-3" />
          {t("syncError", { message: data.syncError })}
        </Badge>
      ) : null}
      <Badge tone="neutral" data-testid="balance">
        <WalletIcon className="size-3" />
        {data?.balance == null
          ? t("balanceUnknown")
          : `${t("balance")}: ${format.number(data.balance, { style: "currency", currency: "USD" })}`}
      </Badge>
    </div>
  );
}
