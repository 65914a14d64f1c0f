"use client";

import { useTranslations } from "next-intl";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { operatorName } from "@/lib/catalog";
import { type ReadState, useKeyRead } from "./use-prices";

/** "" is "Any operator": no operator sent. */
export const ANY_OPERATOR_CHOICE = "";

/**
 * The operators of a country through a key (GET /api/operators), once the country is known
 * (`enabled`: the dialog is open and its prices are read, so the country shown is the one bought).
 */
export function useOperators(keyId: string | undefined, country: string, enabled: boolean): ReadState<string[]> {
  return useKeyRead<string[]>("/api/operators", keyId, "country", country, enabled);
}

/** The operator to order with: the choice while the country's list still has it, else any. */
export function chosenOperator(operators: ReadState<string[]>, choice: string): string {
  return operators.status === "ready" && operators.value.includes(choice) ? choice : ANY_OPERATOR_CHOICE;
}

/**
 * The dialog's "Operator" choice, "Any operator" first. While the list is read it stays at any
 * (buying does not wait for it); a provider that lists none for the country, or whose list could
 * not be read, gets no picker but a sentence saying the number comes from any operator.
 */
export function OperatorPicker({
  operators,
  value,
  onChange,
}: {
  operators: ReadState<string[]>;
  value: string;
  onChange: (operator: string) => void;
}) {
  const t = useTranslations("order");
  if (operators.status === "failed" || (operators.status === "ready" && operators.value.length === 0)) {
    return (
      // A status: a screen reader hears that the choice went away, and why.
      <p data-testid="operators-none" role="status" className="text-sm text-muted-foreground">
        {operators.status === "failed" ? t("operatorsFailed", { reason: operators.message }) : t("operatorsNone")}
      </p>
    );
  }
  const listed = operators.status === "ready" ? operators.value : [];
  return (
    <div className="grid gap-1.5">
      <Label htmlFor="order-operator">{t("operator")}</Label>
      <NativeSelect
        id="order-operator"
        name="operator"
        value={value}
        disabled={operators.status === "loading"}
        aria-busy={operators.status === "loading"}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value={ANY_OPERATOR_CHOICE}>{operators.status === "loading" ? t("operatorsLoading") : t("anyOperator")}</option>
        {listed.map((operator) => (
          <option key={operator} value={operator}>
            {operatorName(operator)}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
