import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { type AuditFilterValues, auditFilterSearch } from "@/lib/audit/filter";

type Props = { page: number; hasMore: boolean; values: AuditFilterValues };

const href = (values: AuditFilterValues, page: number) =>
  `/audit${auditFilterSearch(values, page > 1 ? { page: String(page) } : {})}`;

/** Newer/Older links that keep the filters; page 1 is the newest. */
export async function AuditPagination({ page, hasMore, values }: Props) {
  const t = await getTranslations("audit");
  if (page === 1 && !hasMore) return null;
  return (
    <nav
      aria-label={t("pagination.label")}
      className="flex items-center justify-between gap-3 text-sm"
    >
      {page > 1 ? (
        <Button variant="outline" size="sm" asChild>
          <Link href={href(values, page - 1)} rel="prev">
            {t("pagination.newer")}
          </Link>
        </Button>
      ) : (
        <span />
      )}
      <span className="text-muted-foreground">{t("pagination.page", { page })}</span>
      {hasMore ? (
        <Button variant="outline" size="sm" asChild>
          <Link href={href(values, page + 1)} rel="next">
            {t("pagination.older")}
          </Link>
        </Button>
      ) : (
        <span />
      )}
    </nav>
  );
}
