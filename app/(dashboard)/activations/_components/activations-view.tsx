"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { parseAsStringLiteral, useQueryState } from "nuqs";
import { NativeSelect } from "@/components/ui/native-select";
import {
  activationsQueryKey,
  fetchActivations,
  POLL_MS,
  STREAM_SAFETY_POLL_MS,
} from "@/lib/activations/client-queries";
import { ACTIVATION_STATES, effectiveState } from "@/lib/activations/state-machine";
import { ActivationsTable } from "./activations-table";
import { CodeAlerts } from "./code-alerts";
import { OrderDialog } from "./order-dialog";
import { useActivationsStream } from "./use-activations-stream";
import { useServerNow } from "./use-server-now";

const FILTERS = ["active", "all", ...ACTIVATION_STATES] as const;
type Filter = (typeof FILTERS)[number];
const ACTIVE = new Set(["waiting", "code_received", "waiting_retry"]);

/** `teamId`: the team the page was rendered for; a new one (the team switcher) reopens the stream. */
export function ActivationsView({ teamId }: { teamId: string }) {
  const t = useTranslations("activations");
  // In the URL (?status=waiting), so a filtered view survives a reload and can be shared.
  const [filter, setFilter] = useQueryState("status", parseAsStringLiteral(FILTERS).withDefault("all"));
  const stream = useActivationsStream(teamId);
  const { data, dataUpdatedAt } = useQuery({
    queryKey: activationsQueryKey,
    queryFn: fetchActivations,
    // The stream says when to refetch; the fast poll is the fallback while it is down.
    refetchInterval: stream === "live" ? STREAM_SAFETY_POLL_MS : POLL_MS,
    refetchIntervalInBackground: true,
  });
  const serverNowMs = useServerNow(data?.serverNowMs, dataUpdatedAt);
  const keys = data?.keys ?? [];
  const offsets = new Map(keys.map((k) => [k.id, k.clockOffsetMs]));
  const providerNow = (keyId: string) => serverNowMs + (offsets.get(keyId) ?? 0);
  const activations = data?.activations ?? [];
  const visible = activations.filter((a) => {
    if (filter === "all") return true;
    const state = effectiveState(a, providerNow(a.keyId));
    return filter === "active" ? ACTIVE.has(state) : state === filter;
  });

  return (
    <section className="flex flex-col gap-4" data-stream={stream}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <label htmlFor="status-filter" className="ml-auto flex items-center gap-2 text-sm">
          {t("filterLabel")}
          <NativeSelect
            id="status-filter"
            className="h-8 w-auto"
            value={filter}
            onChange={(e) => void setFilter(e.target.value as Filter)}
          >
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`filters.${f}`)}
              </option>
            ))}
          </NativeSelect>
        </label>
        <CodeAlerts activations={activations} />
        <OrderDialog keys={keys.filter((k) => k.enabled)} />
      </div>
      {/* A disabled or deleted key makes no call anyway: only the keys in use get a banner. */}
      {keys.map((k) =>
        k.enabled && k.blocked ? (
          <p key={k.id} role="status" data-testid="key-blocked" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {k.name}: {k.blocked}
          </p>
        ) : null,
      )}
      <ActivationsTable
        activations={visible}
        serverNowMs={serverNowMs}
        keys={keys}
        emptyText={activations.length === 0 ? t("empty") : t("emptyFiltered")}
      />
    </section>
  );
}
