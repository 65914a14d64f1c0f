/** What a Next.js page receives as `searchParams`, once awaited. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** The page's query as URLSearchParams, repeated names kept, for the lib/ parsers that read it. */
export function toSearchParams(raw: PageSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      params.append(name, item);
  }
  return params;
}
