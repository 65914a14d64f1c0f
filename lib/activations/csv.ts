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

/** A CSV download (the exports of /audit, /history, /reports): saved as sms-desk-<name>-<day>.csv, never rendered or cached. */
export function csvResponse(body: BodyInit, name: string): Response {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="sms-desk-${name}-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
