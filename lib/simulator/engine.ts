// Pure simulator logic: accounts, activations and the state machine of docs/protocol.md, driven by
// an injectable clock so tests can jump minutes without waiting. No I/O lives here.
import { findCountry, findService, priceCents, randomCode, smsTextFor } from "./catalogue";
import type {
  DeliverResult,
  EngineCore,
  ListingOptions,
  PurchaseInput,
  PurchaseResult,
  SimulatorEngineOptions,
} from "./engine-types";
import { handleProtocol } from "./protocol";
import { type ActivationSnapshot, toSnapshot } from "./snapshot";
import { createStock } from "./stock";
import type { Activation, ActivationState, ProtocolResponse } from "./types";
import { centsToUsd, usdToCents } from "./types";
import { createWebhookPusher } from "./webhooks";

export type {
  ActivationSnapshot,
  DeliverResult,
  ListingOptions,
  PurchaseInput,
  PurchaseResult,
  SimulatorEngineOptions,
};

export type SimulatorEngine = ReturnType<typeof createSimulatorEngine>;

const ACTIVE_STATES: readonly ActivationState[] = ["waiting", "code_received", "waiting_retry"];
const AUTO_SMS_PROBABILITY = 0.8;

export function createSimulatorEngine(options: SimulatorEngineOptions = {}) {
  const realNow = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const earlyCancelMs = (options.earlyCancelSeconds ?? 120) * 1000;
  const lifetimeMs = (options.lifetimeSeconds ?? 1200) * 1000;
  const autoSmsEnabled = options.autoSms ?? true;
  const seed = options.seedAccounts ?? {};
  let listing = checkedListing({ pageLimit: null, shape: "activeActivations" }, options.listing);

  let offsetMs = 0;
  let nextId = options.idStart ?? 3_100_000_000;
  const balances = new Map<string, number>(); // key → cents
  const activations = new Map<string, Activation>();
  const orders = new Map<string, string>(); // `${key}\n${orderId}` → activation id
  const stock = createStock();
  // Webhook pushes and the poll lag (lib/simulator/webhooks.ts), per key, forgotten on reset.
  const webhooks = createWebhookPusher({ retry: options.webhookRetry, random });

  const now = (): number => realNow() + offsetMs;
  const randomBetweenMs = (minS: number, maxS: number) =>
    Math.round((minS + random() * (maxS - minS)) * 1000);

  function seedAccounts(): void {
    for (const [key, usd] of Object.entries(seed)) balances.set(key, usdToCents(usd));
  }
  seedAccounts();

  function credit(key: string, cents: number): void {
    balances.set(key, (balances.get(key) ?? 0) + cents);
  }

  function receiveSms(act: Activation, code: string, text: string, at: number): void {
    act.sms.push({ code, text, at });
    act.state = "code_received";
    act.nextAutoSmsAt = null;
    webhooks.smsReceived(act, { code, text, at });
  }

  function autoSmsFor(act: Activation): boolean {
    return autoSmsEnabled && act.autoSms;
  }

  /**
   * Brings every activation up to the current simulator time: due auto SMS first (in the order
   * they would have happened), then the lifetime. Run lazily before every read or write so a
   * clock jump never leaves stale state behind.
   */
  function sweep(): void {
    const t = now();
    for (const act of activations.values()) {
      if (!ACTIVE_STATES.includes(act.state)) continue;
      const expiresAt = act.createdAt + lifetimeMs;
      const due = act.nextAutoSmsAt;
      if (due !== null && due <= t && due < expiresAt && act.state !== "code_received") {
        const service = findService(act.service);
        const code = randomCode(random);
        receiveSms(act, code, smsTextFor(service?.name ?? act.service, code), due);
      }
      if (t < expiresAt) continue;
      act.endedAt = expiresAt;
      act.nextAutoSmsAt = null;
      if (act.state === "waiting") {
        // No code within the lifetime: the provider refunds automatically.
        act.state = "expired";
        act.refunded = true;
        credit(act.key, act.costCents);
      } else {
        // A code arrived, so the money is spent; the provider closes the activation itself.
        act.state = "finished";
      }
    }
  }

  function makePhone(
    country: NonNullable<ReturnType<typeof findCountry>>,
    exceptions: string[],
  ): string {
    let phone = country.makePhone(random);
    for (let i = 0; i < 50 && exceptions.some((p) => phone.startsWith(p)); i++) {
      phone = country.makePhone(random);
    }
    return phone;
  }

  function purchase(input: PurchaseInput): PurchaseResult {
    sweep();
    if (!balances.has(input.key)) return { ok: false, error: "BAD_KEY" };
    const service = findService(input.service);
    if (!service) return { ok: false, error: "BAD_SERVICE" };
    const country = findCountry(input.country);
    // Unknown countries have no numbers either; docs/protocol.md lists no BAD_COUNTRY token.
    if (!country || stock.left(country.code, service.code, country.soldOut) <= 0) {
      return { ok: false, error: "NO_NUMBERS" };
    }
    const price = priceCents(service, country);
    if (input.maxPrice !== undefined && input.maxPrice !== "") {
      const max = Number(input.maxPrice);
      if (!Number.isFinite(max) || usdToCents(max) < price) {
        return { ok: false, error: `WRONG_MAX_PRICE:${centsToUsd(price)}` };
      }
    }
    const exceptions = (input.phoneException ?? "").split(",").filter((p) => p !== "");
    if (exceptions.some((p) => !/^\+?\d{1,15}$/.test(p))) {
      return { ok: false, error: "WRONG_EXCEPTION_PHONE" };
    }
    const avoid = exceptions.map((p) => p.replace("+", ""));
    const orderKey = input.orderId ? `${input.key}\n${input.orderId}` : null;
    if (orderKey && orders.has(orderKey)) return { ok: false, error: "ORDER_ALREADY_EXISTS" };
    if ((balances.get(input.key) ?? 0) < price) return { ok: false, error: "NO_BALANCE" };

    credit(input.key, -price);
    stock.take(country.code, service.code);
    nextId += 1;
    const createdAt = now() - (input.ageSeconds ?? 0) * 1000;
    const act: Activation = {
      id: String(nextId),
      key: input.key,
      service: service.code,
      country: country.code,
      phone: input.phone ?? makePhone(country, avoid),
      operator: input.operator || "any",
      costCents: price,
      state: "waiting",
      createdAt,
      endedAt: null,
      sms: [],
      nextAutoSmsAt: null,
      autoSms: input.autoSms ?? true,
      orderId: input.orderId || null,
      refunded: false,
    };
    if (autoSmsFor(act) && random() < AUTO_SMS_PROBABILITY) {
      act.nextAutoSmsAt = createdAt + randomBetweenMs(20, 90);
    }
    activations.set(act.id, act);
    if (orderKey) orders.set(orderKey, act.id);
    return { ok: true, activation: act };
  }

  /** The activation if it belongs to this key; another key's id is indistinguishable from none. */
  function find(key: string, id: string): Activation | undefined {
    sweep();
    const act = activations.get(id);
    return act && act.key === key ? act : undefined;
  }

  /** Applies a setStatus value (already validated as one of 1, 3, 6, 8, -1); returns the token. */
  function applyStatus(act: Activation, status: string): string {
    sweep();
    const t = now();
    switch (status) {
      case "1":
        return act.state === "waiting" ? "ACCESS_READY" : "BAD_STATUS";
      case "3":
        if (act.state !== "code_received") return "BAD_STATUS";
        act.state = "waiting_retry";
        if (autoSmsFor(act)) act.nextAutoSmsAt = t + randomBetweenMs(15, 60);
        return "ACCESS_RETRY_GET";
      case "6":
        if (act.state !== "code_received" && act.state !== "waiting_retry") return "BAD_STATUS";
        act.state = "finished";
        act.endedAt = t;
        act.nextAutoSmsAt = null;
        return "ACCESS_ACTIVATION";
      case "8":
      case "-1":
        // Once a code arrived there is no cancel (and no refund), whatever the time.
        if (act.state !== "waiting") return "BAD_STATUS";
        if (t - act.createdAt < earlyCancelMs) return "EARLY_CANCEL_DENIED";
        act.state = "cancelled";
        act.endedAt = t;
        act.nextAutoSmsAt = null;
        act.refunded = true;
        credit(act.key, act.costCents);
        return "ACCESS_CANCEL";
      default:
        return "BAD_STATUS";
    }
  }

  function listActive(key: string): Activation[] {
    sweep();
    return [...activations.values()].filter(
      (a) => a.key === key && ACTIVE_STATES.includes(a.state),
    );
  }

  const core: EngineCore = {
    now,
    hasAccount: (key: string) => balances.has(key),
    balanceCents: (key: string) => balances.get(key),
    purchase,
    find,
    applyStatus,
    listActive,
    listing: () => listing,
    stockLeft: (country, service) => stock.left(country.code, service.code, country.soldOut),
  };

  return {
    now,
    /** Moves the simulator clock forward and delivers/expires whatever became due. */
    advance(seconds: number): void {
      if (!Number.isFinite(seconds) || seconds < 0) throw new Error("advance() needs seconds >= 0");
      offsetMs += seconds * 1000;
      sweep();
    },
    tick: sweep,
    handle(params: Readonly<Record<string, string>>): ProtocolResponse {
      sweep();
      // Reads see the key's poll lag (tests: a code visible by webhook before the lists show it).
      const read = params.action === "getStatus" || params.action === "getStatusV2" || params.action === "getActiveActivations";
      return handleProtocol(read ? webhooks.readView(core, params.api_key ?? "") : core, params);
    },
    /** Forgets everything except the id counter (a client may still hold ids from before). */
    reset(): void {
      offsetMs = 0;
      balances.clear();
      activations.clear();
      orders.clear();
      stock.clear();
      webhooks.clear();
      seedAccounts();
    },
    /** Numbers left in a country, for every service or one (null: back to plenty). */
    setStock(country: string, service: string | null, count: number | null): void {
      stock.set(country, service, count);
    },
    /** Changes how getActiveActivations pages and shapes its answer (tests; SIM_PAGE_LIMIT). */
    setListing(next: ListingOptions): void {
      listing = checkedListing(listing, next);
    },
    /** Webhook URLs, retry interval and poll lag per key (lib/simulator/webhooks.ts). */
    webhooks,
    setAccount(key: string, balanceUsd: number): void {
      balances.set(key, usdToCents(balanceUsd));
    },
    getBalance(key: string): number | undefined {
      sweep();
      const cents = balances.get(key);
      return cents === undefined ? undefined : centsToUsd(cents);
    },
    createActivation(input: PurchaseInput): PurchaseResult {
      return purchase(input);
    },
    deliverSms(id: string, sms: { code?: string; text?: string } = {}): DeliverResult {
      sweep();
      const act = activations.get(id);
      if (!act) return { ok: false, error: "NOT_FOUND" };
      if (act.state !== "waiting" && act.state !== "waiting_retry") {
        return { ok: false, error: "NOT_WAITING" };
      }
      const code = sms.code ?? randomCode(random);
      const text = sms.text ?? smsTextFor(findService(act.service)?.name ?? act.service, code);
      receiveSms(act, code, text, now());
      return { ok: true, code, text };
    },
    getActivation(id: string): ActivationSnapshot | undefined {
      sweep();
      const act = activations.get(id);
      return act ? toSnapshot(act, lifetimeMs, autoSmsFor(act)) : undefined;
    },
  };
}

function checkedListing(current: Required<ListingOptions>, next: ListingOptions = {}): Required<ListingOptions> {
  const merged = { ...current, ...next };
  const { pageLimit } = merged;
  if (pageLimit !== null && !(Number.isInteger(pageLimit) && pageLimit >= 1)) {
    throw new Error("pageLimit must be null or an integer >= 1");
  }
  return merged;
}
