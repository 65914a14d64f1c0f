// The wire side of handler_api.php: parameter validation and the exact reference answers of
// docs/protocol.md (bare text tokens, JSON only for the V2/list/price actions, HTTP 200 always).
import { findCountry, priceCents, SIM_COUNTRIES, SIM_SERVICES } from "./catalogue";
import type { EngineCore, PurchaseInput } from "./engine-types";
import type { Activation, ProtocolResponse } from "./types";
import { centsToUsd, formatSimTime, jsonAnswer, textAnswer } from "./types";

type Params = Readonly<Record<string, string>>;

const SET_STATUS_VALUES = new Set(["1", "3", "6", "8", "-1"]);
const USD_CURRENCY = 840;

const ACTIVATION_STATUS_CODE: Partial<Record<Activation["state"], string>> = {
  waiting: "4",
  code_received: "2",
  waiting_retry: "3",
};

function lastCode(act: Activation): string {
  return act.sms[act.sms.length - 1]?.code ?? "";
}

function purchaseInput(key: string, p: Params): PurchaseInput {
  return {
    key,
    service: p.service ?? "",
    country: p.country ?? "",
    operator: p.operator,
    maxPrice: p.maxPrice,
    orderId: p.orderId,
    phoneException: p.phoneException,
  };
}

function getNumber(core: EngineCore, key: string, p: Params): ProtocolResponse {
  // getNumber has no idempotency key; an orderId sent here is ignored like on real providers.
  const result = core.purchase({ ...purchaseInput(key, p), orderId: undefined });
  if (!result.ok) return textAnswer(result.error);
  const act = result.activation;
  return textAnswer(`ACCESS_NUMBER:${act.id}:${act.phone}`);
}

function getNumberV2(core: EngineCore, key: string, p: Params): ProtocolResponse {
  const result = core.purchase(purchaseInput(key, p));
  if (!result.ok) return textAnswer(result.error);
  const act = result.activation;
  return jsonAnswer({
    activationId: Number(act.id),
    phoneNumber: act.phone,
    activationCost: centsToUsd(act.costCents),
    currency: USD_CURRENCY,
    countryCode: act.country,
    canGetAnotherSms: "1",
    activationTime: formatSimTime(act.createdAt),
    activationOperator: act.operator,
  });
}

/** Common id checks: WRONG_ACTIVATION_ID for non-digits, NO_ACTIVATION for unknown/foreign. */
function lookup(core: EngineCore, key: string, p: Params): Activation | ProtocolResponse {
  const id = p.id ?? "";
  if (!/^\d{1,20}$/.test(id)) return textAnswer("WRONG_ACTIVATION_ID");
  return core.find(key, id) ?? textAnswer("NO_ACTIVATION");
}

function isAnswer(x: Activation | ProtocolResponse): x is ProtocolResponse {
  return "contentType" in x;
}

function statusToken(act: Activation): string {
  switch (act.state) {
    case "waiting":
      return "STATUS_WAIT_CODE";
    case "code_received":
      return `STATUS_OK:${lastCode(act)}`;
    case "waiting_retry":
      return `STATUS_WAIT_RETRY:${lastCode(act)}`;
    default:
      // docs/protocol.md: finished, cancelled and expired all read as STATUS_CANCEL.
      return "STATUS_CANCEL";
  }
}

function getStatusV2(act: Activation): ProtocolResponse {
  const sms = act.sms[act.sms.length - 1];
  const token = statusToken(act);
  // Ended activations and ones with nothing received yet answer the plain token.
  if (token === "STATUS_CANCEL" || !sms) return textAnswer(token);
  return jsonAnswer({
    verificationType: 0,
    sms: { dateTime: formatSimTime(sms.at), code: sms.code, text: sms.text },
    call: null,
  });
}

function listRow(act: Activation) {
  return {
    activationId: act.id,
    serviceCode: act.service,
    phoneNumber: act.phone,
    activationCost: centsToUsd(act.costCents),
    activationStatus: ACTIVATION_STATUS_CODE[act.state] ?? "8",
    smsCode: act.sms.map((s) => s.code),
    smsText: act.sms[act.sms.length - 1]?.text ?? "",
    activationTime: formatSimTime(act.createdAt),
    countryCode: act.country,
    countryName: findCountry(act.country)?.name ?? "",
    canGetAnotherSms: "1",
    currency: USD_CURRENCY,
    repeated: "0",
    discount: "0",
  };
}

/** A non-negative integer parameter, or the fallback when absent or not digits (like PHP's intval). */
function intParam(value: string | undefined, fallback: number): number {
  return value !== undefined && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : fallback;
}

/** The page asked for, when the simulator pages (pageLimit set): limit capped at pageLimit. */
function page(list: Activation[], pageLimit: number | null, p: Params): Activation[] {
  if (pageLimit === null) return list;
  const start = intParam(p.start, 0);
  const limit = Math.min(intParam(p.limit, pageLimit) || pageLimit, pageLimit);
  return list.slice(start, start + limit);
}

function getActiveActivations(core: EngineCore, key: string, p: Params): ProtocolResponse {
  const list = core.listActive(key);
  if (list.length === 0) return jsonAnswer({ status: "error", error: "NO_ACTIVATIONS" });
  const { pageLimit, shape } = core.listing();
  const rows = page(list, pageLimit, p).map(listRow);
  switch (shape) {
    case "data":
      // As HeroSMS's live answers: the rows under `data`, beside an empty result wrapper.
      return jsonAnswer({
        status: "success",
        data: rows,
        activeActivations: { affected_rows: 0, num_rows: 0, row: [], rows: [] },
      });
    case "rows":
      return jsonAnswer({
        status: "success",
        activeActivations: { affected_rows: 0, num_rows: rows.length, row: rows[0] ?? [], rows },
      });
    default:
      return jsonAnswer({ status: "success", activeActivations: rows });
  }
}

/** SMS-Activate's getPrices shape: { country: { service: { cost, count } } }. */
function getPrices(core: EngineCore, p: Params): ProtocolResponse {
  const out: Record<string, Record<string, { cost: number; count: number }>> = {};
  for (const country of SIM_COUNTRIES) {
    if (p.country && p.country !== country.code) continue;
    const row: Record<string, { cost: number; count: number }> = {};
    for (const service of SIM_SERVICES) {
      if (p.service && p.service !== service.code) continue;
      row[service.code] = {
        cost: centsToUsd(priceCents(service, country)),
        count: core.stockLeft(country, service),
      };
    }
    out[country.code] = row;
  }
  return jsonAnswer(out);
}

/**
 * HeroSMS's getOperators: `{"status":"success","countryOperators":{"<country>":["any",…]}}`, one
 * country when `country` is sent (none for a country it does not know), every one otherwise.
 */
function getOperators(p: Params): ProtocolResponse {
  const countryOperators: Record<string, string[]> = {};
  for (const country of SIM_COUNTRIES) {
    if (p.country && p.country !== country.code) continue;
    countryOperators[country.code] = ["any", ...country.operators];
  }
  return jsonAnswer({ status: "success", countryOperators });
}

export function handleProtocol(core: EngineCore, p: Params): ProtocolResponse {
  // The key is checked before the action so an unauthenticated caller learns nothing.
  const key = p.api_key ?? "";
  if (key === "" || !core.hasAccount(key)) return textAnswer("BAD_KEY");

  switch (p.action) {
    case "getBalance":
      return textAnswer(`ACCESS_BALANCE:${centsToUsd(core.balanceCents(key) ?? 0).toFixed(2)}`);
    case "getNumber":
      return getNumber(core, key, p);
    case "getNumberV2":
      return getNumberV2(core, key, p);
    case "getStatus": {
      const act = lookup(core, key, p);
      return isAnswer(act) ? act : textAnswer(statusToken(act));
    }
    case "getStatusV2": {
      const act = lookup(core, key, p);
      return isAnswer(act) ? act : getStatusV2(act);
    }
    case "setStatus": {
      const act = lookup(core, key, p);
      if (isAnswer(act)) return act;
      const status = p.status ?? "";
      if (!SET_STATUS_VALUES.has(status)) return textAnswer("BAD_STATUS");
      return textAnswer(core.applyStatus(act, status));
    }
    case "getActiveActivations":
      return getActiveActivations(core, key, p);
    case "getPrices":
      return getPrices(core, p);
    case "getOperators":
      return getOperators(p);
    default:
      return textAnswer("BAD_ACTION");
  }
}
