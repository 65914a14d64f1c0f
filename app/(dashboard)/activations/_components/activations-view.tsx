"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import {
  activationsQueryOptions,
  POLL_MS,
  STREAM_SAFETY_POLL_MS,
} from "@/lib/activations/client-queries";
import type { ActivationDto } from "@/lib/activations/dto";
import { ActivationsTable } from "./activations-table";
import { CodeAlerts } from "./code-alerts";
import { OrderDialog } from "./order-dialog";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { SmartBuyDialog } from "./smart-buy-dialog";
import { SmartBuyPanel } from "./smart-buy-panel";
import {
  type FirstScreen,
  firstScreenHolds,
  firstScreenSkewMs,
  keyFilter,
} from "./first-screen";
import { TableToolbar } from "./table-toolbar";
import { useActivationsStream } from "./use-activations-stream";
import { type FilterChoices, updateChoices, updateView, type ViewSteps } from "./view-steps";
import { usePageShortcuts } from "./use-page-shortcuts";
import { useFilterClock, useServerSkew, useTableFilters } from "./use-table-filters";

const NO_ROWS: ActivationDto[] = [];

/**
 * `teamId`: the team the page was rendered for; a new one (the team switcher) reopens the stream.
 * `me`: the signed-in user's email, as actions record their actor (the "mine" filter).
 * `first`: the server's first screen (./first-screen.ts), shown until the full set is fetched.
 */
export function ActivationsView({
  teamId,
  me,
  first,
}: {
  teamId: string;
  me: string | null;
  first: FirstScreen;
}) {
  const t = useTranslations("activations");
  const tOrder = useTranslations("order");
  const stream = useActivationsStream(teamId);
  const { data, dataUpdatedAt } = useQuery({
    ...activationsQueryOptions(),
    // The stream says when to refetch; the fast poll is the fallback while it is down.
    refetchInterval: stream === "live" ? STREAM_SAFETY_POLL_MS : POLL_MS,
    refetchIntervalInBackground: true,
  });
  // The server's clock minus the browser's, narrowed by each poll (./server-skew.ts). The table derives its countdowns
  // from it and ticks them itself: this view and the table render when data or filters change,
  // never once a second.
  // Until the first poll, the first screen's (./first-screen.ts), so a browser clock minutes off
  // does not run its rows out meanwhile. The page was asked for when this document's time began.
  const [firstSkewMs] = useState(() =>
    firstScreenSkewMs(first.serverNowMs, Date.now() - performance.now(), Date.now()),
  );
  const skewMs = useServerSkew(
    firstSkewMs,
    data
      ? {
          serverNowMs: data.serverNowMs,
          askedAtMs: data.askedAtMs ?? dataUpdatedAt,
          answeredAtMs: data.answeredAtMs ?? dataUpdatedAt,
        }
      : null,
  );
  // Read again only when the skew is new, not on every render.
  const serverNowMs = useMemo(() => Date.now() + skewMs, [skewMs]);
  const full = data !== undefined;
  const keys = data?.keys ?? first.keys;
  const enabledKeys = useMemo(() => keys.filter((k) => k.enabled), [keys]);
  const keyIds = useMemo(() => keys.map((k) => k.id), [keys]);

  // Search, filters and sort live in the URL; the steps below redo only what a keystroke, a poll
  // or the countdown changed.
  const { filters, set, reset, filtered } = useTableFilters();
  const { q, service, country, mine, status, sort } = filters;
  // With one key there is no key choice on screen, so a stale ?key= must not hide everything.
  const key = keyFilter(keys, filters.key);
  // Until the full set is in, the first screen's rows go through the same steps below (they are
  // the head of what the filters show, so the steps keep them as they are), and its counts,
  // choices and totals stand in for the ones only the full set can give. Once the URL asks for
  // another view, they are the head and the figures of the wrong one: the table says it is
  // loading and the toolbar shows no figures until the full set is in.
  const firstHolds = full || firstScreenHolds(first, { ...filters, key });
  const activations = data?.activations ?? (firstHolds ? first.rows : NO_ROWS);
  const clock = useFilterClock(activations, keys, skewMs, first.serverNowMs);
  // Kept up to date from the last committed result when a poll only replaced rows
  // (./view-steps.ts): a changed row costs a few checks, not a pass over 5,000 rows.
  const lastView = useRef<ViewSteps | null>(null);
  const lastChoices = useRef<FilterChoices | null>(null);
  const view = useMemo(
    () =>
      updateView(lastView.current, {
        rows: activations,
        narrow: { q, key, service, country, mine },
        status,
        sort,
        me,
        clock,
      }),
    [activations, q, key, service, country, mine, status, sort, me, clock],
  );
  const choices = useMemo(
    () => updateChoices(lastChoices.current, activations, { service, country }),
    [activations, service, country],
  );
  useEffect(() => {
    lastView.current = view;
    lastChoices.current = choices;
  }, [view, choices]);
  const { counts, visible } = view;
  const { options } = choices;

  const searchRef = useRef<HTMLInputElement>(null);
  const [orderOpen, setOrderOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  usePageShortcuts({
    search: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    // As the button would: with no enabled key it stays shut and says why.
    order: () => (enabledKeys.length > 0 ? setOrderOpen(true) : toast.info(tOrder("noKey"))),
    help: () => setHelpOpen(true),
  });

  return (
    <section className="flex flex-col gap-4" data-stream={stream}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-3">
          <CodeAlerts
            activations={full ? activations : null}
            keyIds={keyIds}
            serverNowMs={data?.serverNowMs ?? first.serverNowMs}
            sinceMs={first.serverNowMs}
          />
          <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
          <OrderDialog keys={enabledKeys} open={orderOpen} onOpenChange={setOrderOpen} />
          <SmartBuyDialog keys={enabledKeys} />
        </div>
      </div>
      <SmartBuyPanel />
      {/* A disabled or deleted key makes no call anyway: only the keys in use get a banner. */}
      {keys.map((k) =>
        k.enabled && k.blocked ? (
          <p
            key={k.id}
            role="status"
            data-testid="key-blocked"
            className="rounded-md border border-danger-border bg-danger px-3 py-2 text-sm text-danger-foreground"
          >
            {k.name}: {k.blocked}
          </p>
        ) : null,
      )}
      <TableToolbar
        filters={{ ...filters, key }}
        set={set}
        reset={reset}
        filtered={filtered}
        figures={
          full
            ? { counts, shown: visible.length, total: activations.length }
            : firstHolds
              ? first
              : null
        }
        options={full ? options : first.options}
        keys={keys}
        searchRef={searchRef}
      />
      <ActivationsTable
        activations={visible}
        serverNowMs={serverNowMs}
        hydrationNowMs={first.serverNowMs}
        keys={keys}
        emptyText={
          !firstHolds
            ? t("loadingAll")
            : (full ? activations.length : first.total) === 0
              ? t("empty")
              : t("emptyFiltered")
        }
        // Select-all takes the rows the table has: before the full set, only the first screen.
        partial={!full}
      />
    </section>
  );
}
