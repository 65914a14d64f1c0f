"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangleIcon, WalletIcon } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { accountQueryOptions } from "@/lib/activations/client-queries";

/** Each enabled key's balance and sync health, as the sync loops last recorded them. */
export function BalanceBadge() {
  const t = useTranslations("header");
  const format = useFormatter();
  const { data } = useQuery(accountQueryOptions());
  const keys = data?.keys ?? [];
  return (
    <div className="flex flex-wrap items-center gap-2">
      {keys.map((key) => (
        <span key={key.id} data-testid={`key-health-${key.name}`} className="flex items-center gap-1">
          {key.syncError ? (
            <Badge tone="danger" role="status">
              <AlertTriangleIcon className="size-3" />
              {t("syncError", { message: key.syncError })}
            </Badge>
          ) : null}
          <Badge tone="neutral" data-testid="balance" title={key.name}>
            <WalletIcon className="size-3" />
            {keys.length > 1 ? `${key.name} · ` : ""}
            {key.balance == null
              ? t("balanceUnknown")
              : `${t("balance")}: ${format.number(key.balance, { style: "currency", currency: "USD" })}`}
          </Badge>
        </span>
      ))}
    </div>
  );
}
