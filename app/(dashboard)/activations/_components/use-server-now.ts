"use client";

import { useEffect, useState } from "react";

/**
 * The server's clock, ticking every second in the browser. The server sends its time with each
 * poll; the difference from the browser's clock carries it between polls. Each key's provider
 * clock is this plus that key's offset.
 */
export function useServerNow(serverNowMs: number | undefined, receivedAtMs: number): number {
  const skew = serverNowMs === undefined ? 0 : serverNowMs - receivedAtMs;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + skew;
}
