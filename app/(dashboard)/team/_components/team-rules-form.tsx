"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TeamRules } from "@/lib/rules/evaluate";
import type { TeamRulesView } from "@/lib/rules/settings";
import { saveTeamRulesAction } from "../rules-actions";
import { useActionMutation } from "@/components/use-action-mutation";

/** "" is off; anything else is sent as typed (a non-integer is refused by the server's schema). */
function minutesOf(value: FormDataEntryValue | null): number | null {
  const text = String(value ?? "").trim();
  return text === "" ? null : Number(text);
}

/** Admins set the team's two rules; the server validates X against the team's keys. */
export function TeamRulesForm({ rules }: { rules: TeamRulesView }) {
  const t = useTranslations("rules");
  const mutation = useActionMutation((input: TeamRules) => saveTeamRulesAction(input), {
    refresh: true,
    success: () => t("saved"),
  });
  const range = rules.cancelRange;
  return (
    <form
      aria-labelledby="team-rules-title"
      data-testid="team-rules"
      className="grid content-start gap-4 rounded-lg border p-4"
      onSubmit={(event) => {
        event.preventDefault();
        // A number input with letters in it reads as "" (off): say so instead of turning a rule off.
        const inputs = [...event.currentTarget.querySelectorAll("input")];
        if (inputs.some((input) => input.validity.badInput)) return void toast.error(t("notANumber"));
        const form = new FormData(event.currentTarget);
        if (!mutation.isPending)
          mutation.mutate({
            cancelNoSmsMinutes: minutesOf(form.get("cancelNoSmsMinutes")),
            finishAfterCodeMinutes: minutesOf(form.get("finishAfterCodeMinutes")),
          });
      }}
    >
      <div className="grid gap-1">
        <h2 id="team-rules-title" className="font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <MinutesField
          id="rule-cancel-no-sms"
          name="cancelNoSmsMinutes"
          label={t("cancelLabel")}
          value={rules.cancelNoSmsMinutes}
          hint={range ? t("cancelHint", range) : t("cancelImpossible")}
        />
        <MinutesField
          id="rule-finish-after-code"
          name="finishAfterCodeMinutes"
          label={t("finishLabel")}
          value={rules.finishAfterCodeMinutes}
          hint={t("finishHint", { max: rules.maxFinishMinutes })}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="outline" disabled={mutation.isPending}>
          {mutation.isPending ? t("saving") : t("save")}
        </Button>
        {rules.updatedBy ? <span className="text-xs text-muted-foreground">{t("updated", { actor: rules.updatedBy })}</span> : null}
      </div>
    </form>
  );
}

type MinutesFieldProps = { id: string; name: keyof TeamRules; label: string; value: number | null; hint: string };

/** One rule's minutes; no min/max in the browser, so the server's refusal (with the range) is what speaks. */
function MinutesField({ id, name, label, value, hint }: MinutesFieldProps) {
  return (
    <div className="grid content-start gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        type="number"
        step={1}
        defaultValue={value ?? ""}
        aria-describedby={`${id}-hint`}
        className="max-w-32"
      />
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
    </div>
  );
}
