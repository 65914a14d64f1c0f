import "server-only";
import { countryName } from "@/lib/catalog";
import { log } from "@/lib/log";
import { csvLine } from "./csv";
import { type HistoryRowDto, type HistoryViewer, historyBatches } from "./history";
import type { HistoryFilter } from "./history-filter";

// The history's "Export CSV": the whole filtered result, streamed batch by batch (a team with
// 100,000 ended activations never has them all in memory), with what the table shows and
// nothing more: the key by its name, never its secret or its hint.

export const HISTORY_CSV_COLUMNS = [
  "activation_id",
  "key",
  "number",
  "service",
  "country_code",
  "country",
  "status",
  "codes",
  "cost",
  "currency",
  "purchased_at",
  "ended_at",
  "last_action",
  "last_actor",
  "ordered_by",
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

export function historyCsvRow(row: HistoryRowDto): string {
  return csvLine([
    row.id,
    row.keyName,
    // Digits as stored: a leading "+" would read as a formula and get the guard's quote.
    row.phone,
    row.service,
    row.countryCode,
    countryName(row.countryCode, row.countryName),
    row.state,
    row.codes.join(" "),
    row.cost,
    row.currency,
    iso(row.purchasedAtMs),
    iso(row.endedAtMs),
    row.lastAction,
    row.lastActor,
    row.orderedBy,
  ]);
}

/** The CSV as a byte stream: the header at once, then one keyset batch per read. */
export function historyCsvStream(
  teamId: string,
  viewer: HistoryViewer,
  filter: HistoryFilter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = historyBatches(teamId, viewer, filter);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(HISTORY_CSV_COLUMNS)));
    },
    // Pulled: the next batch is read only when the client has taken the previous one.
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(historyCsvRow).join("")));
      } catch (error) {
        // The status line is gone already: the download ends short, and the log says why.
        log.error({ err: error, teamId }, "history export failed");
        controller.error(new Error("history export failed"));
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
