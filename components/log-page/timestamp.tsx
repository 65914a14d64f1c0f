import type { getFormatter } from "next-intl/server";

/** Logs show full local date and time to the second: people compare them with provider logs. */
const DATE_TIME = {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
} as const;

type Format = Awaited<ReturnType<typeof getFormatter>>;

/** A time in a server-rendered log table, machine-readable in `dateTime`. */
export function Timestamp({ ms, format }: { ms: number; format: Format }) {
  return (
    <time dateTime={new Date(ms).toISOString()} className="font-mono text-xs whitespace-nowrap">
      {format.dateTime(ms, DATE_TIME)}
    </time>
  );
}
