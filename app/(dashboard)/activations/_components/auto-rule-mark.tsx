"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ActivationDto } from "@/lib/activations/dto";
import { ruleOfActor } from "@/lib/rules/label";

/** Whether a team rule did the row's last action (mount AutoRuleMark only then: it is per row). */
export function actedByRule(a: ActivationDto): boolean {
  return (a.lastAction === "cancel" || a.lastAction === "finish") && ruleOfActor(a.lastActor) !== null;
}

/** A small "auto" beside the state of a row a team rule cancelled or finished; its title names the rule. */
export function AutoRuleMark({ activation }: { activation: ActivationDto }) {
  const t = useTranslations("rules.row");
  const rule = ruleOfActor(activation.lastActor) ?? "";
  const title = t("autoTitle", { rule });
  return (
    <Badge tone="neutral" data-testid="auto-rule" title={title} className="ml-1">
      {t("auto")}
      <span className="sr-only"> ({title})</span>
    </Badge>
  );
}
