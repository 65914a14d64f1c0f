import { useId } from "react";

// A small bar chart in plain SVG, rendered on the server (no chart library, no client JS). The
// picture is for eyes only (aria-hidden); a screen reader gets the same figures as a table that
// is visually hidden, named by the same caption. Each bar also carries a native tooltip.

export type Bar = {
  /** Unique among the bars (React's key). */
  id: string;
  /** What the bar stands for (a day, a group), as shown to people. */
  label: string;
  value: number;
  /** The value as text (money, a count), for the tooltip and the table. */
  valueLabel: string;
};

type Props = {
  title: string;
  bars: Bar[];
  /** The table's column headers. */
  labelHeader: string;
  valueHeader: string;
  /** "columns": one upright bar per item, labels under a few (days); "rows": one labelled line each (groups). */
  layout?: "columns" | "rows";
  testId?: string;
};

const WIDTH = 640;

export function BarChart({ title, bars, labelHeader, valueHeader, layout = "columns", testId }: Props) {
  const titleId = useId();
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <figure aria-labelledby={titleId} className="grid gap-2 rounded-lg border p-4" data-testid={testId}>
      <figcaption id={titleId} className="text-sm font-medium">
        {title}
      </figcaption>
      {layout === "columns" ? <Columns bars={bars} max={max} /> : <Rows bars={bars} max={max} />}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.id}>
              <th scope="row">{bar.label}</th>
              <td>{bar.valueLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Upright bars with the first, middle and last labels under the axis and the maximum above it. */
function Columns({ bars, max }: { bars: Bar[]; max: number }) {
  const height = 160;
  const top = 16;
  const bottom = 20;
  const plot = height - top - bottom;
  const step = bars.length > 0 ? WIDTH / bars.length : WIDTH;
  const gap = Math.min(4, step * 0.2);
  const ticks = new Set([0, Math.floor((bars.length - 1) / 2), bars.length - 1]);
  const maxLabel = bars.find((b) => b.value === max)?.valueLabel;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full text-muted-foreground" aria-hidden="true">
      {max > 0 && maxLabel ? (
        <text x={0} y={10} className="fill-current text-[10px]">
          {maxLabel}
        </text>
      ) : null}
      <line x1={0} x2={WIDTH} y1={top + plot} y2={top + plot} className="stroke-current" strokeWidth={1} />
      {bars.map((bar, i) => {
        const h = max > 0 ? (bar.value / max) * plot : 0;
        return (
          <g key={bar.id}>
            <rect x={i * step + gap / 2} y={top + plot - h} width={Math.max(1, step - gap)} height={h} className="fill-primary">
              <title>{`${bar.label}: ${bar.valueLabel}`}</title>
            </rect>
            {ticks.has(i) ? (
              <text
                x={i * step + step / 2}
                y={height - 4}
                textAnchor={i === 0 ? "start" : i === bars.length - 1 ? "end" : "middle"}
                className="fill-current text-[10px]"
              >
                {bar.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** One horizontal bar per item, its label on the left and its value at the bar's end. */
function Rows({ bars, max }: { bars: Bar[]; max: number }) {
  const rowHeight = 22;
  const labelWidth = 220;
  const valueWidth = 70;
  const plot = WIDTH - labelWidth - valueWidth;
  const height = Math.max(rowHeight, bars.length * rowHeight);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full text-muted-foreground" aria-hidden="true">
      {bars.map((bar, i) => {
        const w = max > 0 ? (bar.value / max) * plot : 0;
        const y = i * rowHeight;
        return (
          <g key={bar.id}>
            <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="fill-current text-[11px]">
              {bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={Math.max(1, w)} height={rowHeight - 8} className="fill-primary">
              <title>{`${bar.label}: ${bar.valueLabel}`}</title>
            </rect>
            <text x={labelWidth + w + 6} y={y + 15} className="fill-current text-[11px]">
              {bar.valueLabel}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
