"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useActionMutation } from "@/components/use-action-mutation";
import { knownCountryName, knownServiceName } from "@/lib/prices/names";
import {
  fetchSmartBuys,
  SMART_BUY_IDLE_POLL_MS,
  SMART_BUY_LIVE_POLL_MS,
  smartBuyQueryKey,
} from "@/lib/smart-buy/client";
import type { SmartBuyDto } from "@/lib/smart-buy/dto";
import { stopSmartBuyAction } from "../smart-buy-actions";
import { QuickBuyBar } from "./quick-buy-bar";

const TONE = {
  running: "info",
  bought: "success",
  exhausted: "muted",
  stopped: "muted",
  unknown: "warning",
  failed: "danger",
} as const;

/**
 * The team's smart buys, live: each with its attempts (country, outcome) and, while it runs, a
 * Stop button for anyone in the team, and the caller's quick buy buttons. Polls GET
 * /api/smart-buys fast while one runs, slowly otherwise; shows nothing while there is nothing.
 */
export function SmartBuyPanel() {
  const t = useTranslations("smartBuy");
  const { data } = useQuery({
    queryKey: smartBuyQueryKey,
    queryFn: fetchSmartBuys,
    refetchInterval: (q) =>
      q.state.data?.data.some((b) => b.state === "running")
        ? SMART_BUY_LIVE_POLL_MS
        : SMART_BUY_IDLE_POLL_MS,
    refetchIntervalInBackground: true,
  });
  const buys = data?.data ?? [];
  const quickBuys = data?.quickBuys ?? [];
  if (buys.length === 0 && quickBuys.length === 0) return null;
  return (
    <section
      aria-labelledby="smart-buys-title"
      className="grid gap-2 rounded-md border p-3"
      data-testid="smart-buy-panel"
    >
      <h2 id="smart-buys-title" className="text-sm font-semibold">
        {t("panelTitle")}
      </h2>
      <QuickBuyBar quickBuys={quickBuys} />
      {buys.length > 0 && (
        <ul className="grid gap-2">
          {buys.map((buy) => (
            <SmartBuyItem key={buy.id} buy={buy} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SmartBuyItem({ buy }: { buy: SmartBuyDto }) {
  const t = useTranslations("smartBuy");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const service = knownServiceName(buy.service) ?? buy.service;
  const country = (code: string) => knownCountryName(code) ?? code;
  const outcome = (code: string) => (t.has(`outcomes.${code}`) ? t(`outcomes.${code}`) : code);
  const stop = useActionMutation(() => stopSmartBuyAction({ id: buy.id }), {
    success: () => t("stopped"),
    invalidate: [smartBuyQueryKey],
  });
  const settings =
    buy.maxPrice === null
      ? t("settings", { every: buy.everySeconds, rounds: buy.maxRounds })
      : t("settingsMax", {
          every: buy.everySeconds,
          rounds: buy.maxRounds,
          price: format.number(buy.maxPrice, { maximumFractionDigits: 4 }),
        });
  const hint =
    buy.state === "unknown"
      ? t("stateHints.unknown")
      : buy.state === "failed"
        ? t("stateHints.failed", {
            reason: tErrors.has(buy.lastError ?? "")
              ? tErrors(buy.lastError ?? "")
              : (buy.lastError ?? ""),
          })
        : undefined;
  const waiting =
    buy.state === "running" &&
    buy.attempts.at(-1)?.outcome !== "pending" &&
    buy.nextAt > Date.now();

  return (
    <li className="grid gap-1 text-sm" data-testid={`smart-buy-${buy.id}`} data-state={buy.state}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={TONE[buy.state]} title={hint} data-testid="smart-buy-state">
          {t(`states.${buy.state}`)}
        </Badge>
        <span className="font-medium">
          {t("summary", { service, countries: buy.countries.map(country).join(" → ") })}
        </span>
        <span className="text-muted-foreground">
          {settings} · {t("requestedBy", { who: buy.requestedBy })}
        </span>
        {buy.state === "running" && (
          <Button
            size="sm"
            variant="outline"
            className="ml-auto"
            aria-label={t("stopLabel", { service })}
            disabled={stop.isPending}
            onClick={() => stop.mutate()}
          >
            {stop.isPending ? t("stopping") : t("stop")}
          </Button>
        )}
      </div>
      <p className="text-muted-foreground">
        {buy.round > 0 && t("progress", { round: buy.round, rounds: buy.maxRounds })}
        {waiting &&
          ` · ${t("nextTry", { time: format.dateTime(new Date(buy.nextAt), { timeStyle: "medium" }) })}`}
        {buy.phone && ` · ${t("bought", { phone: buy.phone })}`}
        {buy.stoppedBy && ` · ${t("stoppedBy", { who: buy.stoppedBy })}`}
        {hint && ` · ${hint}`}
      </p>
      {buy.attempts.length === 0 ? (
        <p className="text-muted-foreground">{t("noAttempts")}</p>
      ) : (
        <ol
          aria-label={t("attempts")}
          className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs"
          data-testid="smart-buy-attempts"
        >
          {buy.attempts.map((a) => (
            <li key={a.seq}>
              {t("attempt", {
                seq: a.seq,
                country: country(a.country),
                outcome: outcome(a.outcome),
              })}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
