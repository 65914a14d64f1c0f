import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import type { HistoryPage } from "@/lib/activations/history";
import {
  formatCursor,
  type HistoryFilterValues,
  historySearch,
} from "@/lib/activations/history-filter";

type Props = { page: HistoryPage; values: HistoryFilterValues };

const href = (values: HistoryFilterValues, extra: Record<string, string> = {}) =>
  `/history${historySearch(values, extra)}`;

function Step({ to, rel, label }: { to: string | null; rel?: string; label: string }) {
  if (!to) {
    return (
      <Button variant="outline" size="sm" disabled>
        {label}
      </Button>
    );
  }
  return (
    <Button variant="outline" size="sm" asChild>
      <Link href={to} rel={rel}>
        {label}
      </Link>
    </Button>
  );
}

/**
 * Newest / Newer / Older / Oldest, keeping the filters. Pages are keyset positions (a cursor in
 * the URL), not numbers: rows end all day, and an offset would shift every page under the reader.
 * The range "51–100 of 1,234" still says where the page sits.
 */
export async function HistoryPagination({ page, values }: Props) {
  const t = await getTranslations("history");
  if (page.rows.length === 0 || (page.newer === null && page.older === null)) {
    return page.rows.length > 0 ? (
      <Range page={page} label={t("pagination.range", range(page))} />
    ) : null;
  }
  return (
    <nav
      aria-label={t("pagination.label")}
      className="flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <div className="flex gap-2">
        <Step to={page.newer ? href(values) : null} label={t("pagination.newest")} />
        <Step
          to={page.newer ? href(values, { before: formatCursor(page.newer) }) : null}
          rel="prev"
          label={t("pagination.newer")}
        />
      </div>
      <Range page={page} label={t("pagination.range", range(page))} />
      <div className="flex gap-2">
        <Step
          to={page.older ? href(values, { after: formatCursor(page.older) }) : null}
          rel="next"
          label={t("pagination.older")}
        />
        <Step to={page.older ? href(values, { last: "1" }) : null} label={t("pagination.oldest")} />
      </div>
    </nav>
  );
}

const range = (page: HistoryPage) => ({
  start: page.start,
  end: page.start + page.rows.length - 1,
  total: page.total,
});

function Range({ page, label }: { page: HistoryPage; label: string }) {
  return (
    <span className="text-muted-foreground" data-testid="history-range" data-total={page.total}>
      {label}
    </span>
  );
}
