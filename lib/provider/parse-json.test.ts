import { describe, expect, it } from "vitest";
import type { ProviderErrorCode } from "./error-codes";
import {
  type ActiveActivation,
  type NumberOrder,
  parseActiveActivations,
  parseGetNumber,
} from "./parse";
import { expectProviderError } from "./test-helpers";

// Reference item as protocol.md describes it.
const REFERENCE_ITEM = {
  activationId: "635468024",
  serviceCode: "wa",
  phoneNumber: "5511999990000",
  activationCost: 0.35,
  activationStatus: "4",
  smsCode: ["123456"],
  smsText: ["Your code is 123456"],
  activationTime: "2026-03-01 12:00:00",
  discount: "0.00",
  repeated: "0",
  countryCode: "73",
  countryName: "Brazil",
  canGetAnotherSms: "1",
  currency: 840,
};

const REFERENCE_RESULT: ActiveActivation = {
  activationId: "635468024",
  serviceCode: "wa",
  phoneNumber: "5511999990000",
  activationCost: 0.35,
  activationStatus: "4",
  smsCodes: ["123456"],
  smsText: "Your code is 123456",
  activationTime: "2026-03-01 12:00:00",
  countryCode: "73",
  countryName: "Brazil",
  canGetAnotherSms: true,
  currency: 840,
};

const WRAPPER = (rows: unknown[]) => ({ affected_rows: 0, num_rows: rows.length, row: rows[0] ?? [], rows });

const list = (...items: unknown[]) =>
  JSON.stringify({ status: "success", activeActivations: items });

describe("parseActiveActivations", () => {
  it.each<[string, number, string, ActiveActivation[]]>([
    ["reference", 200, list(REFERENCE_ITEM), [REFERENCE_RESULT]],
    ["empty list", 200, list(), []],
    ["NO_ACTIVATIONS envelope", 200, '{"status":"error","error":"NO_ACTIVATIONS"}', []],
    ["NO_ACTIVATIONS bare token", 200, "NO_ACTIVATIONS", []],
    ["NO_ACTIVATIONS HeroSMS envelope on 404", 404, '{"title":"NO_ACTIVATIONS"}', []],
    [
      "HeroSMS `data` key",
      200,
      JSON.stringify({ status: "success", data: [REFERENCE_ITEM] }),
      [REFERENCE_RESULT],
    ],
    [
      "list keyed by id",
      200,
      JSON.stringify({ activeActivations: { "635468024": REFERENCE_ITEM } }),
      [REFERENCE_RESULT],
    ],
    ["trailing newline", 200, `${list(REFERENCE_ITEM)}\n`, [REFERENCE_RESULT]],
    [
      "string cost, string smsCode, numeric id, string currency",
      200,
      list({
        ...REFERENCE_ITEM,
        activationId: 635468024,
        activationCost: "0.35",
        smsCode: "123456",
        currency: "840",
      }),
      [REFERENCE_RESULT],
    ],
    [
      "null smsCode, missing smsText, waiting",
      200,
      list({ ...REFERENCE_ITEM, smsCode: null, smsText: undefined }),
      [{ ...REFERENCE_RESULT, smsCodes: [], smsText: null }],
    ],
    [
      "smsText as string, two codes",
      200,
      list({ ...REFERENCE_ITEM, smsCode: ["111", "222"], smsText: "second" }),
      [{ ...REFERENCE_RESULT, smsCodes: ["111", "222"], smsText: "second" }],
    ],
    [
      "canGetAnotherSms 0, missing optional fields",
      200,
      list({
        activationId: "1",
        serviceCode: "tg",
        phoneNumber: "+447700900000",
        activationStatus: 2,
        countryCode: 16,
        canGetAnotherSms: "0",
      }),
      [
        {
          activationId: "1",
          serviceCode: "tg",
          phoneNumber: "447700900000",
          activationCost: null,
          activationStatus: "2",
          smsCodes: [],
          smsText: null,
          activationTime: null,
          countryCode: "16",
          countryName: null,
          canGetAnotherSms: false,
          currency: null,
        },
      ],
    ],
    [
      "empty string cost",
      200,
      list({ ...REFERENCE_ITEM, activationCost: "" }),
      [{ ...REFERENCE_RESULT, activationCost: null }],
    ],
    ["bare array", 200, JSON.stringify([REFERENCE_ITEM]), [REFERENCE_RESULT]],
    // HeroSMS's live shapes (docs/protocol.md): the rows under `data` beside an empty result
    // wrapper, or under that wrapper's `rows`.
    [
      "HeroSMS `data` beside an empty activeActivations wrapper",
      200,
      JSON.stringify({ status: "success", data: [REFERENCE_ITEM], activeActivations: WRAPPER([]) }),
      [REFERENCE_RESULT],
    ],
    [
      "HeroSMS activeActivations.rows",
      200,
      JSON.stringify({ status: "success", activeActivations: WRAPPER([REFERENCE_ITEM]) }),
      [REFERENCE_RESULT],
    ],
    [
      "HeroSMS empty answer (empty `data`, empty wrapper)",
      200,
      JSON.stringify({ status: "success", data: [], activeActivations: WRAPPER([]) }),
      [],
    ],
    [
      "the same rows under `data` and activeActivations.rows count once",
      200,
      JSON.stringify({ data: [REFERENCE_ITEM], activeActivations: WRAPPER([REFERENCE_ITEM]) }),
      [REFERENCE_RESULT],
    ],
    [
      "different rows under both keys: all of them",
      200,
      JSON.stringify({ data: [REFERENCE_ITEM], activeActivations: [{ ...REFERENCE_ITEM, activationId: "7" }] }),
      [REFERENCE_RESULT, { ...REFERENCE_RESULT, activationId: "7" }],
    ],
    ["`data` null beside a list", 200, JSON.stringify({ data: null, activeActivations: [REFERENCE_ITEM] }), [REFERENCE_RESULT]],
  ])("%s", (_name, status, body, expected) => {
    expect(parseActiveActivations(status, body)).toEqual(expected);
  });

  it.each<[string, number, string, ProviderErrorCode]>([
    ["BAD_KEY", 200, "BAD_KEY", "BAD_KEY"],
    ["ERROR_SQL", 200, "ERROR_SQL", "ERROR_SQL"],
    ["BANNED", 200, "BANNED:'2026-12-31 23:59:59'", "BANNED"],
    ["BAD_KEY envelope", 200, '{"status":"error","error":"BAD_KEY"}', "BAD_KEY"],
    ["HTML", 200, "<html></html>", "PROTOCOL_ERROR"],
    ["empty", 200, "", "PROTOCOL_ERROR"],
    ["truncated JSON", 200, list(REFERENCE_ITEM).slice(0, 60), "PROTOCOL_ERROR"],
    ["no list", 200, '{"status":"success"}', "PROTOCOL_ERROR"],
    ["list is a string", 200, '{"status":"success","activeActivations":"none"}', "PROTOCOL_ERROR"],
    ["`data` is a number", 200, '{"status":"success","data":3}', "PROTOCOL_ERROR"],
    ["wrapper rows is not a list", 200, '{"activeActivations":{"num_rows":1,"rows":{"a":1}}}', "PROTOCOL_ERROR"],
    ["a bad row under `data`", 200, JSON.stringify({ data: [{ ...REFERENCE_ITEM, activationId: "x" }] }), "PROTOCOL_ERROR"],
    ["a bad row under the wrapper", 200, JSON.stringify({ activeActivations: WRAPPER([{ activationId: "1" }]) }), "PROTOCOL_ERROR"],
    ["item is not an object", 200, list("635468024"), "PROTOCOL_ERROR"],
    [
      "missing activationId",
      200,
      list({ ...REFERENCE_ITEM, activationId: undefined }),
      "PROTOCOL_ERROR",
    ],
    [
      "non-digit activationId",
      200,
      list({ ...REFERENCE_ITEM, activationId: "abc" }),
      "PROTOCOL_ERROR",
    ],
    [
      "missing serviceCode",
      200,
      list({ ...REFERENCE_ITEM, serviceCode: undefined }),
      "PROTOCOL_ERROR",
    ],
    ["missing phoneNumber", 200, list({ ...REFERENCE_ITEM, phoneNumber: "" }), "PROTOCOL_ERROR"],
    [
      "missing activationStatus",
      200,
      list({ ...REFERENCE_ITEM, activationStatus: null }),
      "PROTOCOL_ERROR",
    ],
    ["bad cost", 200, list({ ...REFERENCE_ITEM, activationCost: "free" }), "PROTOCOL_ERROR"],
    ["smsCode object", 200, list({ ...REFERENCE_ITEM, smsCode: { a: 1 } }), "PROTOCOL_ERROR"],
    ["unknown token", 200, "ACCESS_CANCEL", "UNKNOWN_TOKEN"],
    ["JSON on 500", 500, list(REFERENCE_ITEM), "HTTP_ERROR"],
  ])("%s → %s", (_name, status, body, code) => {
    expectProviderError(() => parseActiveActivations(status, body), code);
  });

  it("names the bad field without quoting provider data", () => {
    const error = expectProviderError(
      () =>
        parseActiveActivations(
          200,
          list(REFERENCE_ITEM, { ...REFERENCE_ITEM, activationId: "secret-ish" }),
        ),
      "PROTOCOL_ERROR",
    );
    expect(error.message).toContain("activeActivations[1].activationId");
    expect(error.message).not.toContain("secret-ish");
  });

  it("names the bad row under `data` too", () => {
    const body = JSON.stringify({ data: [REFERENCE_ITEM, { ...REFERENCE_ITEM, phoneNumber: "" }] });
    expect(expectProviderError(() => parseActiveActivations(200, body), "PROTOCOL_ERROR").message).toContain("data[1].phoneNumber");
  });
});

const V2 = {
  activationId: 635468021,
  phoneNumber: "79584******",
  activationCost: 12.5,
  currency: 840,
  countryCode: "0",
  canGetAnotherSms: "1",
  activationTime: "2026-03-01 12:00:00",
  activationOperator: "mts",
};

const V2_RESULT: NumberOrder = {
  activationId: "635468021",
  phoneNumber: "79584******",
  activationCost: 12.5,
  currency: 840,
  countryCode: "0",
  canGetAnotherSms: true,
  activationTime: "2026-03-01 12:00:00",
  activationEndTime: null,
};

const TEXT_RESULT: NumberOrder = {
  activationId: "635468021",
  phoneNumber: "5511999990000",
  activationCost: null,
  currency: null,
  countryCode: null,
  canGetAnotherSms: true,
  activationTime: null,
  activationEndTime: null,
};

describe("parseGetNumber", () => {
  it.each<[string, number, string, NumberOrder]>([
    ["V2 JSON", 200, JSON.stringify(V2), V2_RESULT],
    [
      "V2 JSON with string cost, endTime, canGetAnotherSms 0",
      200,
      JSON.stringify({
        ...V2,
        activationId: "635468021",
        activationCost: "12.50",
        canGetAnotherSms: 0,
        activationEndTime: "2026-03-01 12:20:00",
      }),
      { ...V2_RESULT, canGetAnotherSms: false, activationEndTime: "2026-03-01 12:20:00" },
    ],
    [
      "V2 JSON minimal",
      200,
      '{"activationId":"7","phoneNumber":"+15550001111"}',
      { ...TEXT_RESULT, activationId: "7", phoneNumber: "15550001111" },
    ],
    ["text form", 200, "ACCESS_NUMBER:635468021:5511999990000", TEXT_RESULT],
    ["text form + CRLF", 200, "ACCESS_NUMBER:635468021:5511999990000\r\n", TEXT_RESULT],
    ["text form as JSON string", 200, '"ACCESS_NUMBER:635468021:5511999990000"', TEXT_RESULT],
    ["text form in 500", 500, "ACCESS_NUMBER:635468021:5511999990000", TEXT_RESULT],
  ])("%s", (_name, status, body, expected) => {
    expect(parseGetNumber(status, body)).toEqual(expected);
  });

  it.each<[string, number, string, ProviderErrorCode]>([
    ["NO_NUMBERS", 200, "NO_NUMBERS", "NO_NUMBERS"],
    ["NO_BALANCE", 200, "NO_BALANCE", "NO_BALANCE"],
    ["WRONG_MAX_PRICE", 200, "WRONG_MAX_PRICE:1.5", "WRONG_MAX_PRICE"],
    ["BAD_SERVICE", 200, "BAD_SERVICE", "BAD_SERVICE"],
    ["BANNED", 200, 'BANNED:"2026-12-31 23:59:59"', "BANNED"],
    ["CHANNELS_LIMIT", 200, "CHANNELS_LIMIT", "CHANNELS_LIMIT"],
    ["WRONG_EXCEPTION_PHONE", 200, "WRONG_EXCEPTION_PHONE", "WRONG_EXCEPTION_PHONE"],
    ["ORDER_ALREADY_EXISTS", 200, "ORDER_ALREADY_EXISTS", "ORDER_ALREADY_EXISTS"],
    ["BAD_KEY", 200, "BAD_KEY", "BAD_KEY"],
    ["BAD_ACTION", 200, "BAD_ACTION", "BAD_ACTION"],
    ["ERROR_SQL", 200, "ERROR_SQL", "ERROR_SQL"],
    ["ACCOUNT_INACTIVE", 200, "ACCOUNT_INACTIVE", "ACCOUNT_INACTIVE"],
    ["NO_NUMBERS envelope 409", 409, '{"title":"NO_NUMBERS","details":"none"}', "NO_NUMBERS"],
    ["text form missing phone", 200, "ACCESS_NUMBER:635468021", "PROTOCOL_ERROR"],
    ["text form non-digit id", 200, "ACCESS_NUMBER:abc:5511999990000", "PROTOCOL_ERROR"],
    ["text form extra field", 200, "ACCESS_NUMBER:1:2:3", "PROTOCOL_ERROR"],
    ["V2 missing phone", 200, '{"activationId":1}', "PROTOCOL_ERROR"],
    ["V2 bad cost", 200, JSON.stringify({ ...V2, activationCost: "?" }), "PROTOCOL_ERROR"],
    ["array", 200, "[]", "PROTOCOL_ERROR"],
    ["HTML", 200, "<html></html>", "PROTOCOL_ERROR"],
    ["truncated V2", 200, JSON.stringify(V2).slice(0, 30), "PROTOCOL_ERROR"],
    ["empty on 504", 504, "", "HTTP_ERROR"],
    ["other success token", 200, "ACCESS_CANCEL", "UNKNOWN_TOKEN"],
  ])("%s → %s", (_name, status, body, code) => {
    expectProviderError(() => parseGetNumber(status, body), code);
  });

  it("carries the minimum price of WRONG_MAX_PRICE", () => {
    expect(
      expectProviderError(() => parseGetNumber(200, "WRONG_MAX_PRICE:1.5"), "WRONG_MAX_PRICE")
        .minPrice,
    ).toBe(1.5);
  });

  it("marks a broken purchase answer as outcome-unknown", () => {
    expect(
      expectProviderError(() => parseGetNumber(200, "ACCESS_NUMBER:1"), "PROTOCOL_ERROR")
        .outcomeUnknown,
    ).toBe(true);
  });
});
