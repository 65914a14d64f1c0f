import { randomBytes } from "node:crypto";

/**
 * A team's slug. Slugs are unique in better-auth's table and names need not be, so a random
 * suffix tells apart teams with the same name.
 */
export function teamSlug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "team"}-${randomBytes(4).toString("hex")}`;
}
