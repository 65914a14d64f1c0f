"use client";

import { BellIcon, BellRingIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { serviceName } from "@/lib/catalog";
import type { ActivationDto } from "@/lib/activations/dto";
import { arrivedCodes, type CodeTracker, sameTeam, trackCodes } from "./code-arrivals";

const STORAGE_KEY = "sms-desk:code-alerts";

/**
 * Opt-in alerts when a code arrives: a short beep and, if the browser allows, a notification.
 * Codes the server had when it rendered the page (`sinceMs`, its clock then) do not alert; ones
 * received later do, even those that came while the full set was loading. Another team's rows (the
 * header's switcher: `keyIds` share no key with the last ones) take a new baseline, from the last
 * look's server time. Looks only at rows whose object is new since the last poll
 * (./code-arrivals.ts).
 */
export function CodeAlerts({
  activations,
  keyIds,
  serverNowMs,
  sinceMs,
}: {
  /** null: the full set is not in yet (the server sent only the first screen). */
  activations: ActivationDto[] | null;
  keyIds: readonly string[];
  /** The server's clock at the last poll. */
  serverNowMs: number;
  sinceMs: number;
}) {
  const t = useTranslations("activations.notify");
  const [enabled, setEnabled] = useState(false);
  const tracker = useRef<CodeTracker | null>(null);
  // The server's time of the rows looked at last: a new team's codes since then are arrivals.
  const lastLookMs = useRef(sinceMs);

  useEffect(() => setEnabled(localStorage.getItem(STORAGE_KEY) === "on"), []);

  useEffect(() => {
    if (activations === null) return;
    if (!tracker.current || !sameTeam(tracker.current, keyIds)) {
      tracker.current = trackCodes(activations, lastLookMs.current, keyIds);
    }
    // Noted even while alerts are off, so turning them on does not alert for old codes.
    const arrived = arrivedCodes(tracker.current, activations);
    if (!enabled) return;
    for (const a of arrived) {
      const latest = a.codes.at(-1);
      if (!latest) continue;
      beep();
      if (typeof Notification !== "undefined" && Notification.permission === "granted") {
        new Notification(t("title", { code: latest.code }), {
          body: t("body", { service: serviceName(a.service), phone: a.phone }),
          tag: `code-${a.id}-${a.codes.length}`,
          // The app's icon (public/icons, scripts/generate-icons.mjs); Android's status bar
          // shows the badge, a one-colour silhouette.
          icon: "/icons/icon-192.png",
          badge: "/icons/badge-96.png",
        });
      }
    }
  }, [activations, keyIds, enabled, t]);
  // After the look above: it reads the previous poll's time.
  useEffect(() => {
    if (activations !== null) lastLookMs.current = serverNowMs;
  }, [activations, serverNowMs]);

  async function toggle() {
    const next = !enabled;
    setEnabled(next);
    localStorage.setItem(STORAGE_KEY, next ? "on" : "off");
    if (next && typeof Notification !== "undefined" && Notification.permission === "default") {
      await Notification.requestPermission();
    }
    if (next) beep();
  }

  return (
    <Button type="button" variant="outline" size="sm" aria-pressed={enabled} onClick={toggle}>
      {enabled ? <BellRingIcon /> : <BellIcon />}
      {enabled ? t("enabled") : t("enable")}
    </Button>
  );
}

/** A short two-tone chime made in the browser: no audio file to ship or fetch. */
function beep() {
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    for (const [freq, start] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + 0.25);
    }
    setTimeout(() => void ctx.close(), 800);
  } catch {
    // No audio device (or blocked before a user gesture): the visual alert still shows.
  }
}
