import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { HistoryFacets } from "@/lib/activations/history";
import {
  HISTORY_STATES,
  type HistoryField,
  type HistoryFilterValues,
  SEARCH_MAX_LENGTH,
} from "@/lib/activations/history-filter";
import { countryName, serviceName } from "@/lib/catalog";

type Props = { facets: HistoryFacets; values: HistoryFilterValues; invalid: HistoryField[] };

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A value from the URL that is not (or no longer) offered stays selectable: the form shows what is applied. */
function withValue<T>(
  options: T[],
  value: string | undefined,
  has: (o: T) => boolean,
  make: (v: string) => T,
): T[] {
  return value && !options.some(has) ? [...options, make(value)] : options;
}

/**
 * A plain GET form: the search and filters live in the URL (the live table's names), so they can
 * be bookmarked, shared and exported. Submitting starts again from the newest page.
 */
export async function HistoryFilters({ facets, values, invalid }: Props) {
  const t = await getTranslations("history");
  const states = await getTranslations("activations.states");
  const bad = (field: HistoryField) => invalid.includes(field) || undefined;
  const keys = withValue(
    facets.keys,
    values.key,
    (k) => k.id === values.key,
    (id) => ({ id, name: id, deleted: false }),
  );
  const services = withValue(
    facets.services,
    values.service,
    (s) => s === values.service,
    (s) => s,
  );
  const countries = withValue(
    facets.countries,
    values.country,
    (c) => c.code === values.country,
    (code) => ({ code, name: null }),
  );

  return (
    <form
      method="get"
      action="/history"
      aria-label={t("filters.legend")}
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto_auto]"
    >
      <Field id="history-q" label={t("filters.search")}>
        <Input
          id="history-q"
          name="q"
          type="search"
          maxLength={SEARCH_MAX_LENGTH}
          placeholder={t("filters.searchPlaceholder")}
          defaultValue={values.q ?? ""}
          aria-invalid={bad("q")}
        />
      </Field>
      <Field id="history-key" label={t("filters.key")}>
        <NativeSelect
          id="history-key"
          name="key"
          defaultValue={values.key ?? ""}
          aria-invalid={bad("key")}
        >
          <option value="">{t("filters.allKeys")}</option>
          {keys.map((key) => (
            <option key={key.id} value={key.id}>
              {key.deleted ? t("filters.deletedKey", { name: key.name }) : key.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="history-service" label={t("filters.service")}>
        <NativeSelect
          id="history-service"
          name="service"
          defaultValue={values.service ?? ""}
          aria-invalid={bad("service")}
        >
          <option value="">{t("filters.allServices")}</option>
          {services.map((code) => (
            <option key={code} value={code}>
              {serviceName(code)}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="history-country" label={t("filters.country")}>
        <NativeSelect
          id="history-country"
          name="country"
          defaultValue={values.country ?? ""}
          aria-invalid={bad("country")}
        >
          <option value="">{t("filters.allCountries")}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {countryName(c.code, c.name)}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="history-status" label={t("filters.status")}>
        <NativeSelect
          id="history-status"
          name="status"
          defaultValue={values.status ?? ""}
          aria-invalid={bad("status")}
        >
          <option value="">{t("filters.allStatuses")}</option>
          {HISTORY_STATES.map((state) => (
            <option key={state} value={state}>
              {states(state)}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <label className="flex h-9 items-center gap-2 text-sm" title={t("filters.mineHint")}>
        <input
          type="checkbox"
          name="mine"
          value="1"
          defaultChecked={values.mine !== undefined}
          aria-invalid={bad("mine")}
          className="size-4"
        />
        {t("filters.mine")}
      </label>
      <div className="flex gap-2">
        <Button type="submit">{t("filters.apply")}</Button>
        <Button variant="outline" asChild>
          <Link href="/history">{t("filters.clear")}</Link>
        </Button>
      </div>
    </form>
  );
}
