// A client for the simulator's control API (/__sim/), as the tests drive the "provider".
import { expect } from "@playwright/test";

export type SimRequest = {
  at: string;
  method: string;
  action: string;
  id: string | null;
  status: string | null;
  service: string | null;
  country: string | null;
  maxPrice: string | null;
  operator: string | null;
  keySuffix: string;
};

export type Fault = {
  action?: string;
  kind: "timeout" | "http500" | "http502" | "http429" | "html" | "empty" | "truncated" | "garbage" | "reset" | "token" | "slow";
  token?: string;
  times?: number;
  delayMs?: number;
  apply?: boolean;
};

export class Simulator {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.ok, `${method} ${path} -> ${response.status} ${text}`).toBe(true);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** An activation bought "elsewhere" with the app's key; no automatic SMS. */
  createActivation(service = "tg", country = "73") {
    return this.call<{ id: string; phone: string }>("POST", "/__sim/activations", {
      key: this.apiKey,
      service,
      country,
      autoSms: false,
    });
  }

  /** Another account at the simulator (a second provider key). */
  addKey(key: string, balance: number) {
    return this.call("POST", "/__sim/keys", { key, balance });
  }

  /** An activation bought with another key. */
  createActivationWithKey(key: string, service = "tg", country = "73") {
    return this.call<{ id: string; phone: string }>("POST", "/__sim/activations", { key, service, country, autoSms: false });
  }

  deliverSms(id: string, code: string, text?: string) {
    return this.call("POST", `/__sim/activations/${id}/sms`, { code, text });
  }

  advanceClock(seconds: number) {
    return this.call("POST", "/__sim/clock", { advanceSeconds: seconds });
  }

  fault(fault: Fault) {
    return this.call("POST", "/__sim/faults", { times: 1, ...fault });
  }

  /** Numbers left for sale in a country (for one service); null: plenty again. */
  setStock(country: string, service: string | null, count: number | null) {
    return this.call("POST", "/__sim/stock", { country, ...(service === null ? {} : { service }), count });
  }

  clearFaults() {
    return this.call("DELETE", "/__sim/faults");
  }

  requests(filter: { action?: string; id?: string } = {}) {
    const query = new URLSearchParams(filter as Record<string, string>).toString();
    return this.call<SimRequest[]>("GET", `/__sim/requests${query ? `?${query}` : ""}`);
  }

  async balance(): Promise<number> {
    return (await this.call<{ balance: number }>("GET", `/__sim/accounts/${encodeURIComponent(this.apiKey)}`)).balance;
  }

  activation(id: string) {
    return this.call<{ state: string; codes: string[]; operator: string }>("GET", `/__sim/activations/${id}`);
  }
}
