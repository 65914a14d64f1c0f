import "server-only";
import { z } from "zod";
import { ProviderError } from "./errors";
import {
  isRecord,
  parseDecimal,
  readAnswer,
  splitToken,
  unexpectedShape,
  unexpectedToken,
} from "./parse-body";
import { FIELD_LIMITS, MAX_LIST_ROWS } from "./limits";

// Parsers for the JSON answers (getActiveActivations, getNumberV2). Providers disagree on
// types (numbers as strings, smsCode as array/string/null), so the schemas coerce leniently;
// anything they cannot make sense of is PROTOCOL_ERROR rather than a half-filled record.

export type ActiveActivation = {
  activationId: string;
  serviceCode: string;
  phoneNumber: string;
  activationCost: number | null;
  activationStatus: string;
  smsCodes: string[];
  smsText: string | null;
  /** Raw "YYYY-MM-DD HH:MM:SS" in the provider's time zone; converting needs the provider clock. */
  activationTime: string | null;
  countryCode: string;
  countryName: string | null;
  canGetAnotherSms: boolean;
  currency: number | null;
};

export type NumberOrder = {
  activationId: string;
  phoneNumber: string;
  activationCost: number | null;
  currency: number | null;
  countryCode: string | null;
  canGetAnotherSms: boolean;
  activationTime: string | null;
  activationEndTime: string | null;
};

const scalar = z.union([z.string(), z.number()]);
const nullable = z.union([z.string(), z.number(), z.null()]).optional();

// Every text field has a bound (lib/provider/limits.ts) and every pattern here is linear, so a
// megabyte-long field is refused in about a millisecond.
const trimmed = scalar.transform((v) => String(v).trim());

// Ids must be digits: the client refuses anything else for getStatus/setStatus.
const activationId = trimmed.pipe(
  z
    .string()
    .max(FIELD_LIMITS.activationId, "activation id too long")
    .regex(/^\d+$/, "activation id must be digits"),
);

const requiredText = trimmed.pipe(z.string().min(1).max(FIELD_LIMITS.name));

// "+5511..." and "5511..." are the same number; the protocol sends no "+", some clones do.
const phoneNumber = trimmed
  .transform((v) => v.replace(/^\+/, ""))
  .pipe(z.string().min(1).max(FIELD_LIMITS.phone, "phone number too long"));

const optionalText = nullable
  .transform((v) => {
    const text = v == null ? "" : String(v).trim();
    return text === "" ? null : text;
  })
  .pipe(z.string().max(FIELD_LIMITS.name).nullable());

const amount = nullable.transform((v, ctx) => {
  if (v == null || v === "") return null;
  const n = typeof v === "number" ? v : parseDecimal(v.trim());
  if (n === undefined || !Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "not a number" });
    return z.NEVER;
  }
  return n;
});

// "1"/"0" on the wire; absent means allowed (protocol.md: "unless canGetAnotherSms is 0").
const flag = z
  .union([z.boolean(), z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => !(v === false || v === 0 || v === "0" || v === "false"));

// Arrays are checked by hand, count first: a schema per element would spend ~100 ms on the
// 100,000 one-character codes a 1 MiB answer can hold.
const codeList = z.union([z.array(z.unknown()), z.string(), z.number(), z.null()]).optional();

const smsCodes = codeList.transform((v, ctx) => {
  const list = v == null ? [] : Array.isArray(v) ? v : [v];
  if (list.length > FIELD_LIMITS.codes) {
    ctx.addIssue({ code: "custom", message: `more than ${FIELD_LIMITS.codes} codes` });
    return z.NEVER;
  }
  const codes: string[] = [];
  for (const item of list) {
    if (typeof item !== "string" && typeof item !== "number") {
      ctx.addIssue({ code: "custom", message: "code is not text" });
      return z.NEVER;
    }
    const code = String(item).trim();
    if (code.length > FIELD_LIMITS.code) {
      ctx.addIssue({ code: "custom", message: "code too long" });
      return z.NEVER;
    }
    if (code !== "") codes.push(code);
  }
  return codes;
});

const smsText = codeList.transform((v, ctx) => {
  const parts = v == null ? [] : Array.isArray(v) ? v : [v];
  let text = "";
  for (const [index, part] of parts.entries()) {
    if (typeof part !== "string" && typeof part !== "number") {
      ctx.addIssue({ code: "custom", message: "SMS text is not text" });
      return z.NEVER;
    }
    text = index === 0 ? String(part) : `${text}\n${String(part)}`;
    // Shown to people, never parsed: cut rather than refuse, so one long SMS cannot stop sync.
    if (text.length > FIELD_LIMITS.smsText) return `${text.slice(0, FIELD_LIMITS.smsText - 1)}…`;
  }
  return text.trim() === "" ? null : text;
});

const activationSchema = z.object({
  activationId,
  serviceCode: requiredText,
  phoneNumber,
  activationCost: amount,
  activationStatus: requiredText,
  smsCode: smsCodes,
  smsText,
  activationTime: optionalText,
  countryCode: requiredText,
  countryName: optionalText,
  canGetAnotherSms: flag,
  currency: amount,
});

const numberOrderSchema = z.object({
  activationId,
  phoneNumber,
  activationCost: amount,
  currency: amount,
  countryCode: optionalText,
  canGetAnotherSms: flag,
  activationTime: optionalText,
  activationEndTime: optionalText,
});

// Issue paths and zod's own messages only: never the offending values (they are provider data).
function schemaError(where: string, error: z.ZodError): ProviderError {
  const issue = error.issues[0];
  const path = issue ? [where, ...issue.path.map(String)].join(".") : where;
  return new ProviderError("PROTOCOL_ERROR", { detail: `${path}: ${issue?.message ?? "invalid"}` });
}

export function parseActiveActivations(httpStatus: number, body: string): ActiveActivation[] {
  const answer = readAnswer(httpStatus, body);
  if (answer.kind === "token") {
    // `{"status":"error","error":"NO_ACTIVATIONS"}` arrives here as a token via the envelope.
    if (splitToken(answer.token).name === "NO_ACTIVATIONS") return [];
    throw unexpectedToken(answer.token, httpStatus);
  }
  const lists = listsOf(answer.value, httpStatus);
  // Bounded work per answer: rows past the bound are not read (sync pages by 100, and treats a
  // list cut here as incomplete: lib/sync/list-pages.ts).
  const rows: ActiveActivation[] = [];
  const seen = new Set<string>();
  for (const { where, items } of lists) {
    for (const [index, item] of items.entries()) {
      if (rows.length >= MAX_LIST_ROWS) return rows;
      const parsed = activationSchema.safeParse(item);
      if (!parsed.success) throw schemaError(`${where}[${index}]`, parsed.error);
      const { smsCode, ...rest } = parsed.data;
      // The same activation under both keys is one activation.
      if (seen.has(rest.activationId)) continue;
      seen.add(rest.activationId);
      rows.push({ ...rest, smsCodes: smsCode });
    }
  }
  return rows;
}

/**
 * The lists an answer carries. The reference puts them under `activeActivations`; HeroSMS under
 * `data`, and its live answers also carry `activeActivations` as a database result wrapper
 * (`{"affected_rows":0,"num_rows":0,"row":[],"rows":[]}`), often next to a filled `data`. Both
 * are read (HeroSMS's `data` first) and merged by id, so whichever one holds the rows wins and
 * an empty wrapper beside them costs nothing. A bare array is accepted too.
 */
function listsOf(value: unknown, httpStatus: number): Array<{ where: string; items: unknown[] }> {
  if (Array.isArray(value)) return [{ where: "activeActivations", items: value }];
  if (!isRecord(value)) throw unexpectedShape(httpStatus, "no activeActivations list");
  const lists: Array<{ where: string; items: unknown[] }> = [];
  for (const where of ["data", "activeActivations"] as const) {
    const list = value[where];
    if (list === undefined || list === null) continue;
    const items = itemsOf(list);
    if (items === undefined) throw unexpectedShape(httpStatus, `${where} is not a list`);
    lists.push({ where, items });
  }
  if (lists.length === 0) throw unexpectedShape(httpStatus, "no activeActivations list");
  return lists;
}

function itemsOf(list: unknown): unknown[] | undefined {
  if (Array.isArray(list)) return list;
  if (!isRecord(list)) return undefined;
  // HeroSMS's result wrapper: the rows are under `rows` (`row` repeats the first one).
  if ("rows" in list) return Array.isArray(list.rows) ? list.rows : undefined;
  // PHP encodes a list keyed by id as an object: its values are the rows.
  return Object.values(list);
}

// `getNumber` (and some providers' `getNumberV2`) answer ACCESS_NUMBER:<id>:<phone>.
function parseAccessNumber(token: string): NumberOrder {
  const { arg } = splitToken(token);
  const [id = "", phone = "", ...extra] = (arg ?? "").split(":").map((part) => part.trim());
  const number = phone.replace(/^\+/, "");
  const tooLong = id.length > FIELD_LIMITS.activationId || number.length > FIELD_LIMITS.phone;
  if (tooLong || !/^\d+$/.test(id) || number === "" || extra.length > 0) {
    // A number may have been bought: PROTOCOL_ERROR (outcome unknown) makes callers re-check.
    throw new ProviderError("PROTOCOL_ERROR", { token, detail: "malformed ACCESS_NUMBER" });
  }
  return {
    activationId: id,
    phoneNumber: number,
    activationCost: null,
    currency: null,
    countryCode: null,
    canGetAnotherSms: true,
    activationTime: null,
    activationEndTime: null,
  };
}

export function parseGetNumber(httpStatus: number, body: string): NumberOrder {
  const answer = readAnswer(httpStatus, body);
  if (answer.kind === "token") {
    if (splitToken(answer.token).name === "ACCESS_NUMBER") return parseAccessNumber(answer.token);
    throw unexpectedToken(answer.token, httpStatus);
  }
  const parsed = numberOrderSchema.safeParse(answer.value);
  if (!parsed.success) throw schemaError("getNumberV2", parsed.error);
  return parsed.data;
}
