import "server-only";
import { betterAuth } from "better-auth";
import { authOptions } from "./options";

function createAuth() {
  return betterAuth(authOptions());
}

export type Auth = ReturnType<typeof createAuth>;

const store = globalThis as unknown as { smsDeskAuth?: Auth };

/** The better-auth instance (one per process). Call getDb() first so its tables exist. */
export function getAuth(): Auth {
  store.smsDeskAuth ??= createAuth();
  return store.smsDeskAuth;
}
