import { getTranslations } from "next-intl/server";
import { FilterActions, FilterField, FilterSelect } from "@/components/log-page/filter-form";
import { Input } from "@/components/ui/input";
import type { AuditFilterField, AuditFilterValues } from "@/lib/audit/filter";
import { type AuditActor, SYNC_ACTOR } from "@/lib/audit/queries";
import { actionMessageKey } from "./action-label";

type Props = {
  actors: AuditActor[];
  actions: string[];
  values: AuditFilterValues;
  invalid: AuditFilterField[];
};

/** A plain GET form: the filters live in the URL, so they can be bookmarked, shared and exported. */
export async function AuditFilters({ actors, actions, values, invalid }: Props) {
  const t = await getTranslations("audit");
  const bad = (field: AuditFilterField) => invalid.includes(field) || undefined;
  const badRange = invalid.includes("range") || undefined;
  const actionLabel = (action: string) =>
    t.has(actionMessageKey(action)) ? t(actionMessageKey(action)) : action;

  return (
    <form
      method="get"
      action="/audit"
      aria-label={t("filters.legend")}
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
    >
      <FilterSelect
        id="audit-user"
        name="user"
        label={t("filters.user")}
        allLabel={t("filters.allUsers")}
        options={actors.map((actor) => ({
          value: actor.id,
          label: actor.id === SYNC_ACTOR ? t("filters.sync") : actor.label,
        }))}
        value={values.user}
        invalid={invalid.includes("user")}
      />
      <FilterSelect
        id="audit-action"
        name="action"
        label={t("filters.action")}
        allLabel={t("filters.allActions")}
        options={actions.map((action) => ({ value: action, label: actionLabel(action) }))}
        value={values.action}
        invalid={invalid.includes("action")}
        labelOf={actionLabel}
      />
      <FilterField id="audit-activation" label={t("filters.activation")}>
        <Input
          id="audit-activation"
          name="activation"
          inputMode="numeric"
          pattern="\d{1,20}"
          maxLength={20}
          placeholder={t("filters.activationPlaceholder")}
          defaultValue={values.activation ?? ""}
          aria-invalid={bad("activation")}
        />
      </FilterField>
      <FilterField id="audit-from" label={t("filters.from")}>
        <Input
          id="audit-from"
          name="from"
          type="date"
          defaultValue={values.from ?? ""}
          aria-invalid={bad("from") ?? badRange}
        />
      </FilterField>
      <FilterField id="audit-to" label={t("filters.to")}>
        <Input
          id="audit-to"
          name="to"
          type="date"
          defaultValue={values.to ?? ""}
          aria-invalid={bad("to") ?? badRange}
        />
      </FilterField>
      <FilterActions clearHref="/audit" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")} />
    </form>
  );
}
