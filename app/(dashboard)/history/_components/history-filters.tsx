import { getTranslations } from "next-intl/server";
import { FilterActions, FilterField, FilterSelect } from "@/components/log-page/filter-form";
import { Input } from "@/components/ui/input";
import type { HistoryFacets } from "@/lib/activations/history";
import {
  HISTORY_STATES,
  type HistoryField,
  type HistoryFilterValues,
  SEARCH_MAX_LENGTH,
} from "@/lib/activations/history-filter";
import { countryName, serviceName } from "@/lib/catalog";

type Props = { facets: HistoryFacets; values: HistoryFilterValues; invalid: HistoryField[] };

/**
 * A plain GET form: the search and filters live in the URL (the live table's names), so they can
 * be bookmarked, shared and exported. Submitting starts again from the newest page.
 */
export async function HistoryFilters({ facets, values, invalid }: Props) {
  const t = await getTranslations("history");
  const states = await getTranslations("activations.states");
  const bad = (field: HistoryField) => invalid.includes(field);

  return (
    <form
      method="get"
      action="/history"
      aria-label={t("filters.legend")}
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto_auto]"
    >
      <FilterField id="history-q" label={t("filters.search")}>
        <Input
          id="history-q"
          name="q"
          type="search"
          maxLength={SEARCH_MAX_LENGTH}
          placeholder={t("filters.searchPlaceholder")}
          defaultValue={values.q ?? ""}
          aria-invalid={bad("q") || undefined}
        />
      </FilterField>
      <FilterSelect
        id="history-key"
        name="key"
        label={t("filters.key")}
        allLabel={t("filters.allKeys")}
        options={facets.keys.map((key) => ({
          value: key.id,
          label: key.deleted ? t("filters.deletedKey", { name: key.name }) : key.name,
        }))}
        value={values.key}
        invalid={bad("key")}
      />
      <FilterSelect
        id="history-service"
        name="service"
        label={t("filters.service")}
        allLabel={t("filters.allServices")}
        options={facets.services.map((code) => ({ value: code, label: serviceName(code) }))}
        value={values.service}
        invalid={bad("service")}
        labelOf={serviceName}
      />
      <FilterSelect
        id="history-country"
        name="country"
        label={t("filters.country")}
        allLabel={t("filters.allCountries")}
        options={facets.countries.map((c) => ({ value: c.code, label: countryName(c.code, c.name) }))}
        value={values.country}
        invalid={bad("country")}
        labelOf={(code) => countryName(code, null)}
      />
      <FilterSelect
        id="history-status"
        name="status"
        label={t("filters.status")}
        allLabel={t("filters.allStatuses")}
        options={HISTORY_STATES.map((state) => ({ value: state, label: states(state) }))}
        value={values.status}
        invalid={bad("status")}
      />
      <label className="flex h-9 items-center gap-2 text-sm" title={t("filters.mineHint")}>
        <input
          type="checkbox"
          name="mine"
          value="1"
          defaultChecked={values.mine !== undefined}
          aria-invalid={bad("mine") || undefined}
          className="size-4"
        />
        {t("filters.mine")}
      </label>
      <FilterActions clearHref="/history" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")} />
    </form>
  );
}
