import Link from "next/link";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";

// Building blocks of a plain GET filter form (/audit, /history): the filters live in the URL,
// so they can be bookmarked, shared and exported, and the form works without JavaScript.

export function FilterField({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

type Option = { value: string; label: string };

type SelectProps = {
  id: string;
  name: string;
  label: string;
  /** The first option, "all …", which applies no filter. */
  allLabel: string;
  options: Option[];
  value: string | undefined;
  invalid: boolean;
  /** The label of a value from the URL that is not among the options (default: the value). */
  labelOf?: (value: string) => string;
};

/**
 * A select whose first option is "all". A value from the URL that is not (or no longer) offered
 * stays selectable, so the form shows the filter really applied instead of falling back to "all".
 */
export function FilterSelect({ id, name, label, allLabel, options, value, invalid, labelOf }: SelectProps) {
  const offered = !value || options.some((o) => o.value === value);
  const shown = offered ? options : [...options, { value, label: labelOf ? labelOf(value) : value }];
  return (
    <FilterField id={id} label={label}>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""} aria-invalid={invalid || undefined}>
        <option value="">{allLabel}</option>
        {shown.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
    </FilterField>
  );
}

/** Apply submits the form; Clear is a link to the page without a query. */
export function FilterActions({ clearHref, applyLabel, clearLabel }: { clearHref: string; applyLabel: string; clearLabel: string }) {
  return (
    <div className="flex gap-2">
      <Button type="submit">{applyLabel}</Button>
      <Button variant="outline" asChild>
        <Link href={clearHref}>{clearLabel}</Link>
      </Button>
    </div>
  );
}
