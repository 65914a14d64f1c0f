"use client";

import { useTranslations } from "next-intl";
import { setKeyLimitsAction } from "@/app/actions/limits";
import { type LimitRowData, LimitsTable } from "../../_components/limits-table";

export function KeyLimitsTable({ rows }: { rows: LimitRowData[] }) {
  const t = useTranslations("limits");
  return (
    <LimitsTable
      subject={t("columns.key")}
      rows={rows}
      save={(keyId, [dailyLimit = null, lowBalanceThreshold = null]) =>
        setKeyLimitsAction({ keyId, dailyLimit, lowBalanceThreshold })
      }
    />
  );
}
