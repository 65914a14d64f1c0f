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

// Ids must be digits: the client refuses anything else for getStatus/setStatus.
const activationId = scalar
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d+$/, "activation id must be digits"));

const requiredText = scalar.transform((v) => String(v).trim()).pipe(z.string().min(1));

// "+5511..." and "5511..." are the same number; the protocol sends no "+", some clones do.
const phoneNumber = scalar
  .transform((v) => String(v).trim().replace(/^\+/, ""))
  .pipe(z.string().min(1));

const optionalText = nullable.transform((v) => {
  const text = v == null ? "" : String(v).trim();
  return text === "" ? null : text;
});

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

const smsCodes = z
  .union([z.array(scalar), z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => {
    const list = v == null ? [] : Array.isArray(v) ? v : [v];
    return list.map((code) => String(code).trim()).filter((code) => code !== "");
  });

const smsText = z
  .union([z.array(scalar), z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => {
    const text = v == null ? "" : Array.isArray(v) ? v.map(String).join("\n") : String(v);
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
  const { value } = answer;
  // HeroSMS puts the list under `data`; a bare array is accepted for the same reason.
  const list = Array.isArray(value)
    ? value
    : isRecord(value)
      ? (value.activeActivations ?? value.data)
      : undefined;
  // PHP encodes a list keyed by id as an object, so accept the values of one.
  const items = Array.isArray(list) ? list : isRecord(list) ? Object.values(list) : undefined;
  if (items === undefined) throw unexpectedShape(httpStatus, "no activeActivations list");
  return items.map((item, index) => {
    const parsed = activationSchema.safeParse(item);
    if (!parsed.success) throw schemaError(`activeActivations[${index}]`, parsed.error);
    const { smsCode, ...rest } = parsed.data;
    return { ...rest, smsCodes: smsCode };
  });
}

// `getNumber` (and some providers' `getNumberV2`) answer ACCESS_NUMBER:<id>:<phone>.
function parseAccessNumber(token: string): NumberOrder {
  const { arg } = splitToken(token);
  const [id = "", phone = "", ...extra] = (arg ?? "").split(":").map((part) => part.trim());
  const number = phone.replace(/^\+/, "");
  if (!/^\d+$/.test(id) || number === "" || extra.length > 0) {
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
