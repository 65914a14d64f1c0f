import "server-only";
import dns from "node:dns";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";
import { blockedRange } from "./blocked-address";

// Connections that may only reach public addresses. The check sits in the DNS lookup of every
// new connection (undici hands `connect.lookup` to net/tls.connect), so what is checked is the
// address actually connected to: a host name that resolved to a public address when a key was
// added and to 10.0.0.1 now (DNS rebinding) is refused now. Node skips the lookup for an IP
// literal, so callers check those first with `literalRefusal`.

export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true });

/** Thrown (or passed to net) when an address is off limits; transport.ts maps it to BLOCKED_ADDRESS. */
export class BlockedAddressError extends Error {
  static {
    BlockedAddressError.prototype.name = "BlockedAddressError";
  }
  readonly code = "BLOCKED_ADDRESS";
  /** Short English text of our own: the address and its range, never a URL or key. */
  readonly reason: string;
  constructor(reason: string) {
    super(`connection refused by SMS Desk: ${reason}`);
    this.reason = reason;
  }
}

/** Why an address may not be connected to, or null if it may. */
export function addressRefusal(address: string): string | null {
  const range = blockedRange(address);
  return range ? `address ${address} is ${range}` : null;
}

/** For a URL whose host is an IP literal (no lookup happens for it): why it is refused, or null. */
export function literalRefusal(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return ipaddr.isValid(host) ? addressRefusal(host) : null;
}

/** A `lookup` for net.connect that resolves with `resolve` and refuses any blocked address. */
export function guardedLookup(resolve: Resolver): LookupFunction {
  return lookupWith(resolve, true);
}

function lookupWith(resolve: Resolver, guard: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        // Every address must pass, not just one: net may try any of them (happy eyeballs).
        const refused = guard ? all.map((a) => addressRefusal(a.address)).find(Boolean) : undefined;
        if (refused) return callback(new BlockedAddressError(refused), "");
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? all.filter((a) => a.family === family) : [...all];
        const first = usable[0];
        if (!first) {
          return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "");
        }
        if (options.all) return callback(null, usable);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}

/** An undici Agent whose every new connection goes through `guardedLookup(resolve)`. */
export function createGuardedAgent(resolve: Resolver = systemResolver): Agent {
  return new Agent({ connect: { lookup: guardedLookup(resolve) } });
}

/** For trusted hosts (lib/keys/base-url.ts): the same resolver, every address allowed. */
export function createResolvingAgent(resolve: Resolver = systemResolver): Agent {
  return new Agent({ connect: { lookup: lookupWith(resolve, false) } });
}
