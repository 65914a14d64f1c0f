// Numbers left for sale, per country (and optionally per service). Unset, a country has plenty
// (country "999" never has any): tests and demos set a count to make a country run out, e.g. a
// smart buy that must move on to the next country after NO_NUMBERS.

/** What getPrices reports while no count is set. */
export const PLENTY = 1000;

const ANY_SERVICE = "*";

export type Stock = {
  /** Sets what is left (null: back to plenty). No service: every service of the country. */
  set(country: string, service: string | null, count: number | null): void;
  /** What is left for this service in this country. */
  left(country: string, service: string, soldOut: boolean): number;
  /** One number sold: counts down whichever set count applies. */
  take(country: string, service: string): void;
  clear(): void;
};

export function createStock(): Stock {
  const counts = new Map<string, number>();
  const keyOf = (country: string, service: string) => `${country}\n${service}`;
  // The service's own count wins over the country's.
  const applying = (country: string, service: string) =>
    [keyOf(country, service), keyOf(country, ANY_SERVICE)].find((k) => counts.has(k));

  return {
    set(country, service, count) {
      const key = keyOf(country, service ?? ANY_SERVICE);
      if (count === null) counts.delete(key);
      else counts.set(key, count);
    },
    left(country, service, soldOut) {
      if (soldOut) return 0;
      const key = applying(country, service);
      return key === undefined ? PLENTY : (counts.get(key) ?? PLENTY);
    },
    take(country, service) {
      const key = applying(country, service);
      if (key !== undefined) counts.set(key, Math.max(0, (counts.get(key) ?? 0) - 1));
    },
    clear: () => counts.clear(),
  };
}
