import { NextResponse } from "next/server";
import { getTranslations } from "next-intl/server";
import { csvResponse } from "@/lib/activations/csv";
import { historyCsvStream } from "@/lib/activations/history-csv";
import { parseHistoryQuery } from "@/lib/activations/history-filter";
import { withMember } from "@/lib/auth/guard";
import { translateFailure } from "@/lib/i18n/translate-failure";

// The history page's "Export CSV": the same search and filters, the same team scoping, every
// member (operators work these numbers too). The whole filtered result, streamed.
export const dynamic = "force-dynamic";

export const GET = withMember(async ({ session, team }, request) => {
  const parsed = parseHistoryQuery(new URL(request.url).searchParams);
  if (!parsed.ok) {
    // Refused before anything is read.
    const t = await getTranslations("history");
    const details = parsed.fields.map((field) => t(`invalid.${field}`)).join(" ");
    const error = await translateFailure({ code: "INVALID_INPUT", params: { details } });
    return NextResponse.json({ error }, { status: 400 });
  }
  return csvResponse(historyCsvStream(team.teamId, { email: session.email }, parsed.filter), "history");
});
