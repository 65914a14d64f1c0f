// One spelling of an email address for every lookup and every per-account counter: trimmed and
// lower-cased, as better-auth stores it. Without it a throttle or an invitation keyed on
// " Ana@X.test" would be a different account from "ana@x.test".

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
