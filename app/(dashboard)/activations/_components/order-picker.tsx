"use client";

import { useTranslations } from "next-intl";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { Choice } from "@/lib/prices/choices";

/**
 * A search box over a native select: typing narrows the options (names or codes), the select
 * keeps every keyboard and screen-reader behaviour of a plain one. `rows` > 1 shows it as a
 * list (the countries, with their prices), otherwise a drop-down.
 */
export function OrderPicker({
  id,
  name,
  label,
  searchLabel,
  search,
  onSearch,
  options,
  selected,
  onSelect,
  optionText,
  rows,
  describedBy,
}: {
  id: string;
  name: string;
  label: string;
  searchLabel: string;
  search: string;
  onSearch: (search: string) => void;
  options: readonly Choice[];
  selected: string;
  onSelect: (code: string) => void;
  optionText: (choice: Choice) => string;
  rows?: number;
  describedBy?: string;
}) {
  const t = useTranslations("order");
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={`${id}-search`}
        type="search"
        aria-label={searchLabel}
        placeholder={searchLabel}
        autoComplete="off"
        value={search}
        onChange={(event) => onSearch(event.target.value)}
      />
      <NativeSelect
        id={id}
        name={name}
        size={rows}
        className={rows ? "h-auto py-1" : undefined}
        value={selected}
        onChange={(event) => onSelect(event.target.value)}
        aria-describedby={describedBy}
      >
        {options.map((choice) => (
          <option key={choice.code} value={choice.code} disabled={!choice.buyable}>
            {optionText(choice)}
          </option>
        ))}
      </NativeSelect>
      {/* Always there, so screen readers hear "nothing matches" when a search empties the list. */}
      <p role="status" className="text-sm text-muted-foreground empty:hidden">
        {options.length === 0 ? t("noMatch") : null}
      </p>
    </div>
  );
}
