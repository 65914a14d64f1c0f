"use client";

import { useEffect, useState } from "react";

/**
 * The provider's clock, ticking every second in the browser. The server sends its view of the
 * provider's time with each poll; the offset from the browser's clock carries it between polls.
 */
export function useProviderNow(providerNowMs: number | undefined, receivedAtMs: number): number {
  const offset = providerNowMs === undefined ? 0 : providerNowMs - receivedAtMs;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + offset;
}
