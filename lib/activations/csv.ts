// CSV cells and lines (RFC 4180), guarded against spreadsheet formula injection. Pure.

export type CsvValue = string | number | null | undefined;

/**
 * One field. A value a spreadsheet would run as a formula (= + - @, and tab or CR, which some
 * spreadsheets strip before looking) gets a leading quote: the history holds what providers
 * and people sent (a code, an SMS-derived value, a country name), so a cell must never execute.
 * A field with a comma, a double quote, CR or LF is quoted, its quotes doubled.
 */
export function csvField(value: CsvValue): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
