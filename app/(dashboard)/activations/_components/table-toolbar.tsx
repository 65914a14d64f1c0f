"use client";

import { SearchIcon, UserIcon, XIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { type Ref, useCallback } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { KeyTimingDto } from "@/lib/activations/dto";
import {
  type Option,
  SORT_ORDERS,
  STATE_FILTERS,
  type StateCounts,
  type TableFilters,
} from "./table-filters";
import { useSearchText } from "./use-table-filters";

type Props = {
  filters: TableFilters;
  set: (patch: Partial<TableFilters>) => void;
  reset: () => void;
  filtered: boolean;
  /** null while the full set is loading and no figures for these filters are known yet. */
  figures: { counts: StateCounts; shown: number; total: number } | null;
  options: { services: Option[]; countries: Option[] };
  keys: KeyTimingDto[];
  searchRef: Ref<HTMLInputElement>;
};

const SELECT = "h-8 w-auto max-w-48";

/** Search box, filters (key, service, country, state with counts, mine) and the sort order. */
export function TableToolbar({
  filters,
  set,
  reset,
  filtered,
  figures,
  options,
  keys,
  searchRef,
}: Props) {
  const t = useTranslations("activations");
  // Stable, so a re-render (a poll) while typing does not restart the debounce.
  const commit = useCallback((q: string) => set({ q }), [set]);
  const search = useSearchText(filters.q, commit);

  return (
    <search aria-label={t("toolbar.label")} className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-72">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          ref={searchRef}
          type="search"
          data-testid="table-search"
          aria-label={t("toolbar.search")}
          aria-keyshortcuts="/"
          placeholder={t("toolbar.searchPlaceholder")}
          className="h-8 pr-8 pl-8"
          value={search.text}
          onChange={(e) => search.setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") search.flush();
            // Escape empties the box, then (once empty) hands the keyboard back to the table.
            if (e.key === "Escape") {
              e.preventDefault();
              if (search.text !== "") search.setText("");
              else e.currentTarget.blur();
            }
          }}
        />
        <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border px-1 font-mono text-xs text-muted-foreground">
          /
        </kbd>
      </div>
      {keys.length > 1 ? (
        <NativeSelect
          aria-label={t("toolbar.key")}
          data-testid="filter-key"
          className={SELECT}
          value={filters.key ?? ""}
          onChange={(e) => set({ key: e.target.value || null })}
        >
          <option value="">{t("toolbar.anyKey")}</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
      <NativeSelect
        aria-label={t("toolbar.service")}
        data-testid="filter-service"
        className={SELECT}
        value={filters.service ?? ""}
        onChange={(e) => set({ service: e.target.value || null })}
      >
        <option value="">{t("toolbar.anyService")}</option>
        {options.services.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect
        aria-label={t("toolbar.country")}
        data-testid="filter-country"
        className={SELECT}
        value={filters.country ?? ""}
        onChange={(e) => set({ country: e.target.value || null })}
      >
        <option value="">{t("toolbar.anyCountry")}</option>
        {options.countries.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
      <label htmlFor="status-filter" className="flex items-center gap-2 text-sm">
        {t("filterLabel")}
        <NativeSelect
          id="status-filter"
          className={SELECT}
          value={filters.status}
          onChange={(e) => set({ status: e.target.value as TableFilters["status"] })}
        >
          {STATE_FILTERS.map((f) => (
            <option key={f} value={f} data-count={figures?.counts[f]}>
              {figures
                ? t("toolbar.withCount", { label: t(`filters.${f}`), count: figures.counts[f] })
                : t(`filters.${f}`)}
            </option>
          ))}
        </NativeSelect>
      </label>
      <Button
        type="button"
        size="sm"
        variant={filters.mine ? "secondary" : "outline"}
        aria-pressed={filters.mine}
        title={t("toolbar.mineHint")}
        data-testid="filter-mine"
        onClick={() => set({ mine: !filters.mine })}
      >
        <UserIcon />
        {t("toolbar.mine")}
      </Button>
      <label htmlFor="sort-order" className="flex items-center gap-2 text-sm">
        {t("toolbar.sort")}
        <NativeSelect
          id="sort-order"
          className={SELECT}
          value={filters.sort}
          onChange={(e) => set({ sort: e.target.value as TableFilters["sort"] })}
        >
          {SORT_ORDERS.map((s) => (
            <option key={s} value={s}>
              {t(`toolbar.sorts.${s}`)}
            </option>
          ))}
        </NativeSelect>
      </label>
      {filtered ? (
        <Button type="button" size="sm" variant="ghost" onClick={reset} data-testid="filter-clear">
          <XIcon />
          {t("toolbar.clear")}
        </Button>
      ) : null}
      <span
        className="ml-auto text-sm text-muted-foreground tabular-nums"
        data-testid="table-summary"
        aria-busy={figures === null}
      >
        {figures
          ? t("toolbar.summary", { shown: figures.shown, total: figures.total })
          : t("toolbar.loading")}
      </span>
    </search>
  );
}
