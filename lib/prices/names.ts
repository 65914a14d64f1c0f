// The pickers' names come from lib/catalog.ts, the one list every place names codes from; this
// module keeps the pickers' imports and their search.
export {
  COUNTRIES as NAMED_COUNTRIES,
  knownCountryName,
  knownServiceName,
  type Named,
  SERVICES as NAMED_SERVICES,
} from "@/lib/catalog";

import type { Named } from "@/lib/catalog";

/** Whether a picker's search text matches a name or a code (case- and accent-insensitive). */
export function matchesSearch(item: Named, search: string): boolean {
  const term = fold(search.trim());
  return term === "" || fold(item.name).includes(term) || item.code.toLowerCase() === term;
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
