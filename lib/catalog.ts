// Common SMS-Activate service and country codes, for the order dialog and for naming codes the
// provider's list leaves unnamed. Client-safe. Codes not listed here are shown as they are.

export const SERVICES = [
  { code: "tg", name: "Telegram" },
  { code: "wa", name: "WhatsApp" },
  { code: "go", name: "Google" },
  { code: "fb", name: "Facebook" },
  { code: "ig", name: "Instagram" },
  { code: "ds", name: "Discord" },
  { code: "ot", name: "Other" },
] as const;

export const COUNTRIES = [
  { code: "73", name: "Brazil" },
  { code: "187", name: "USA" },
  { code: "12", name: "USA (virtual)" },
  { code: "16", name: "United Kingdom" },
  { code: "6", name: "Indonesia" },
  { code: "0", name: "Russia" },
] as const;

export function serviceName(code: string): string {
  return SERVICES.find((s) => s.code === code)?.name ?? code;
}

export function countryName(code: string, fromProvider: string | null): string {
  return fromProvider ?? COUNTRIES.find((c) => c.code === code)?.name ?? code;
}
