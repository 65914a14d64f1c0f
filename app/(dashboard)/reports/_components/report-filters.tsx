import { getTranslations } from "next-intl/server";
import { FilterActions, FilterField, FilterSelect } from "@/components/log-page/filter-form";
import { Input } from "@/components/ui/input";
import { REPORT_DIMENSIONS, type ReportField, type ReportValues } from "@/lib/reports/filter";
import type { ReportKey } from "@/lib/reports/types";

type Props = {
  keys: ReportKey[];
  values: ReportValues;
  /** The dates and grouping in force (the defaults when the URL gives none). */
  shown: { from: string; to: string; by: string[] };
  invalid: ReportField[];
};

/** A plain GET form: the report's settings live in the URL, so it can be bookmarked, shared and exported. */
export async function ReportFilters({ keys, values, shown, invalid }: Props) {
  const t = await getTranslations("reports");
  const bad = (field: ReportField) => invalid.includes(field) || undefined;
  const badRange = bad("range");
  return (
    <form
      method="get"
      action="/reports"
      aria-label={t("filters.legend")}
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto_auto]"
    >
      <FilterField id="report-from" label={t("filters.from")}>
        <Input id="report-from" name="from" type="date" defaultValue={values.from ?? shown.from} aria-invalid={bad("from") ?? badRange} />
      </FilterField>
      <FilterField id="report-to" label={t("filters.to")}>
        <Input id="report-to" name="to" type="date" defaultValue={values.to ?? shown.to} aria-invalid={bad("to") ?? badRange} />
      </FilterField>
      <FilterSelect
        id="report-key"
        name="key"
        label={t("filters.key")}
        allLabel={t("filters.allKeys")}
        options={keys.map((k) => ({ value: k.id, label: k.deleted ? t("filters.deletedKey", { name: k.name }) : k.name }))}
        value={values.key}
        invalid={invalid.includes("key")}
      />
      <fieldset className="grid gap-1.5" aria-invalid={bad("by")}>
        <legend className="mb-1.5 text-sm font-medium">{t("filters.groupBy")}</legend>
        <div className="flex h-9 flex-wrap items-center gap-x-3 gap-y-1">
          {REPORT_DIMENSIONS.map((dim) => (
            <label key={dim} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="by" value={dim} defaultChecked={shown.by.includes(dim)} className="size-4 accent-primary" />
              {t(`dimensions.${dim}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FilterActions clearHref="/reports" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")} />
    </form>
  );
}
