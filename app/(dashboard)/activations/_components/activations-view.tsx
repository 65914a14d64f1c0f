"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import {
  activationsQueryKey,
  fetchActivations,
  POLL_MS,
  STREAM_SAFETY_POLL_MS,
} from "@/lib/activations/client-queries";
import type { ActivationDto, KeyTimingDto } from "@/lib/activations/dto";
import { ActivationsTable } from "./activations-table";
import { CodeAlerts } from "./code-alerts";
import { OrderDialog } from "./order-dialog";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { countStates, filterByState, filterOptions, narrow, sortRows } from "./table-filters";
import { TableToolbar } from "./table-toolbar";
import { useActivationsStream } from "./use-activations-stream";
import { usePageShortcuts } from "./use-page-shortcuts";
import { useFilterClock, useSteadySkew, useTableFilters } from "./use-table-filters";

// Stable empties: a fresh [] each render would defeat every memo below.
const NO_ROWS: ActivationDto[] = [];
const NO_KEYS: KeyTimingDto[] = [];

/**
 * `teamId`: the team the page was rendered for; a new one (the team switcher) reopens the stream.
 * `me`: the signed-in user's email, as actions record their actor (the "mine" filter).
 */
export function ActivationsView({ teamId, me }: { teamId: string; me: string | null }) {
  const t = useTranslations("activations");
  const tOrder = useTranslations("order");
  const stream = useActivationsStream(teamId);
  const { data, dataUpdatedAt } = useQuery({
    queryKey: activationsQueryKey,
    queryFn: fetchActivations,
    // The stream says when to refetch; the fast poll is the fallback while it is down.
    refetchInterval: stream === "live" ? STREAM_SAFETY_POLL_MS : POLL_MS,
    refetchIntervalInBackground: true,
  });
  // The server's clock minus the browser's, from the last poll. The table derives its countdowns
  // from it and ticks them itself: this view and the table render when data or filters change,
  // never once a second.
  const skewMs = useSteadySkew(data ? data.serverNowMs - dataUpdatedAt : 0);
  // Read again only when the skew is new, not on every render.
  const serverNowMs = useMemo(() => Date.now() + skewMs, [skewMs]);
  const keys = data?.keys ?? NO_KEYS;
  const activations = data?.activations ?? NO_ROWS;
  const enabledKeys = useMemo(() => keys.filter((k) => k.enabled), [keys]);

  // Search, filters and sort live in the URL; each step below is memoized on its own inputs over
  // the whole set, so a keystroke, a poll or the countdown redoes only what it changed.
  const { filters, set, reset, filtered } = useTableFilters();
  const clock = useFilterClock(activations, keys, skewMs);
  const { q, service, country, mine, status, sort } = filters;
  // With one key there is no key choice on screen, so a stale ?key= must not hide everything.
  const key = keys.length > 1 ? filters.key : null;
  const narrowed = useMemo(
    () => narrow(activations, { q, key, service, country, mine }, me),
    [activations, q, key, service, country, mine, me],
  );
  const counts = useMemo(() => countStates(narrowed, clock), [narrowed, clock]);
  const visible = useMemo(
    () => sortRows(filterByState(narrowed, status, clock), sort, clock),
    [narrowed, status, sort, clock],
  );
  const options = useMemo(
    () => filterOptions(activations, { service, country }),
    [activations, service, country],
  );

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
        <div className="ml-auto flex items-center gap-3">
          <CodeAlerts activations={activations} />
          <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
          <OrderDialog keys={enabledKeys} open={orderOpen} onOpenChange={setOrderOpen} />
        </div>
      </div>
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
        counts={counts}
        options={options}
        keys={keys}
        shown={visible.length}
        total={activations.length}
        searchRef={searchRef}
      />
      <ActivationsTable
        activations={visible}
        serverNowMs={serverNowMs}
        keys={keys}
        emptyText={activations.length === 0 ? t("empty") : t("emptyFiltered")}
      />
    </section>
  );
}
