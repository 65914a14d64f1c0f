"use client";

import { useTranslations } from "next-intl";
import { setMemberLimitAction } from "@/app/actions/limits";
import { type LimitRowData, LimitsTable } from "../../_components/limits-table";

export function MemberLimitsTable({ rows }: { rows: LimitRowData[] }) {
  const t = useTranslations("limits");
  return (
    <LimitsTable
      subject={t("columns.member")}
      rows={rows}
      save={(memberId, [dailyLimit = null]) => setMemberLimitAction({ memberId, dailyLimit })}
    />
  );
}
