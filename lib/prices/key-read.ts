import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { auditedProviderCall } from "@/lib/audit/provider-call";
import type { FailureCode } from "@/lib/failure-codes";
import { keyBlock, recordKeyFault } from "@/lib/keys/health";
import { providerClientFor } from "@/lib/keys/provider-client";
import type { ProviderKey } from "@/lib/keys/provider-keys";
import { log } from "@/lib/log";
import type { ProviderClient } from "@/lib/provider";
import type { Failure, Outcome } from "@/lib/result";

// The order dialog's reads (prices, operators): one provider call through the key's token bucket
// at user priority (someone is waiting), audited like every provider call, its failure carried
// through the read cache's promise (key-cache.ts) to the caller as an Outcome.

/** A refusal or a provider fault, carried through the cache's promise to the caller. */
class KeyReadFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

type KeyRead<T> = {
  key: ProviderKey;
  actor: Actor;
  /** The audit row's action and detail (what was asked: a service, a country). */
  action: string;
  detail: string;
  call: (client: ProviderClient) => Promise<T>;
  /** The outcome row's note on success ("7 offers"). */
  note: (value: T) => string;
  /** The failure of a lost or unreadable answer (a timeout, garbage). */
  noAnswer: FailureCode;
};

export async function auditedKeyRead<T>({ key, actor, action, detail, call, note, noAnswer }: KeyRead<T>): Promise<T> {
  const blocked = keyBlock(key);
  if (blocked) throw new KeyReadFailed(blocked);
  const outcome = await auditedProviderCall({
    audit: { team_id: key.teamId, actor_id: actor.id, actor: actor.label, key_id: key.id, action, detail },
    call: () => call(providerClientFor(key, { priority: "user" })),
    auditOk: () => ({ result: "OK" }),
    onProviderError: (error) => recordKeyFault(key, error),
    record: async (_trx, answer) => ({ value: answer, note: answer.ok ? note(answer.value) : undefined }),
  });
  // A lost or unreadable answer says nothing about an activation here, unlike the provider
  // messages written for actions: its own message.
  if (!outcome.ok) throw new KeyReadFailed({ code: outcome.error.outcomeUnknown ? noAnswer : outcome.error.code });
  return outcome.value;
}

/** A cached read as an Outcome: its refusal or fault, or (our own fault) a logged, generic UNEXPECTED. */
export async function settleKeyRead<T>(read: Promise<T>, keyId: string, what: string): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read };
  } catch (error) {
    if (error instanceof KeyReadFailed) return { ok: false, failure: error.failure };
    // Not sent (the rate limit's database failed) or our own fault: logged, a generic message.
    log.error({ err: error instanceof Error ? error.name : typeof error, keyId }, `reading ${what} failed`);
    return { ok: false, failure: { code: "UNEXPECTED" } };
  }
}
