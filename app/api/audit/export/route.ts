import { NextResponse } from "next/server";
import { getTranslations } from "next-intl/server";
import { csvResponse } from "@/lib/activations/csv";
import { parseAuditFilter } from "@/lib/audit/filter";
import { auditCsv } from "@/lib/audit/queries";
import { withAdmin } from "@/lib/auth/guard";
import { translateFailure } from "@/lib/i18n/translate-failure";

// The audit page's "Export CSV": the same filters, the same team scoping, admins only.
export const dynamic = "force-dynamic";

export const GET = withAdmin(async ({ team }, request) => {
  const parsed = parseAuditFilter(new URL(request.url).searchParams);
  if (!parsed.ok) {
    const t = await getTranslations("audit");
    const details = parsed.fields.map((field) => t(`invalid.${field}`)).join(" ");
    const error = await translateFailure({ code: "INVALID_INPUT", params: { details } });
    return NextResponse.json({ error }, { status: 400 });
  }
  const csv = await auditCsv(team.teamId, parsed.filter);
  return csvResponse(csv, "audit");
});
