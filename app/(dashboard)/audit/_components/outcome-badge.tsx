import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";

type Tone = "success" | "danger" | "warning" | "info" | "neutral";

const TONE: Record<string, Tone> = {
  ok: "success",
  error: "danger",
  // The provider may or may not have acted: worth a second look, not an alarm.
  unknown: "warning",
  refused: "info",
};

export async function OutcomeBadge({ outcome }: { outcome: string }) {
  const t = await getTranslations("audit");
  const key = `outcomes.${outcome}`;
  const hint = `outcomeHints.${outcome}`;
  return (
    <Badge tone={TONE[outcome] ?? "neutral"} title={t.has(hint) ? t(hint) : undefined}>
      {t.has(key) ? t(key) : outcome}
    </Badge>
  );
}
