import "server-only";
import { NextResponse } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { withMember } from "@/lib/auth/guard";
import { translateFailure } from "@/lib/i18n/translate-failure";
import { getTeamKey, type ProviderKey } from "@/lib/keys/provider-keys";
import type { Outcome } from "@/lib/result";
import type { ParsedQuery } from "./price-query";

// The order dialog's read routes (GET /api/prices, GET /api/operators): { data } or { error }.
// Bad input is a 400 and a key not of the caller's team (or disabled) a 404, both before any
// provider call; a provider fault is the envelope's error with a 200, for the dialog to show
// while ordering still works.

const NO_STORE = { "Cache-Control": "no-store" };

export function keyReadRoute<Q extends { keyId: string }, T>(
  parse: (params: URLSearchParams) => ParsedQuery<Q>,
  read: (key: ProviderKey, query: Q, actor: Actor) => Promise<Outcome<T>>,
) {
  return withMember(async ({ session, team }, request) => {
    const parsed = parse(new URL(request.url).searchParams);
    if (!parsed.ok) {
      const error = await translateFailure({ code: "INVALID_INPUT", params: { details: parsed.details } });
      return NextResponse.json({ error }, { status: 400, headers: NO_STORE });
    }
    const key = await getTeamKey(team.teamId, parsed.query.keyId, { enabledOnly: true });
    if (!key) {
      return NextResponse.json({ error: await translateFailure({ code: "KEY_UNAVAILABLE" }) }, { status: 404, headers: NO_STORE });
    }
    const outcome = await read(key, parsed.query, { id: session.userId, label: session.email });
    const body = outcome.ok ? { data: outcome.value } : { error: await translateFailure(outcome.failure) };
    return NextResponse.json(body, { headers: NO_STORE });
  });
}
