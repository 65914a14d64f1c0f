import { beforeEach, describe, expect, it, vi } from "vitest";
import type { FailureCode } from "@/lib/failure-codes";
import type { Failure } from "@/lib/result";

// The request's cookie and Accept-Language, as next/headers gives them inside an action.
const request = vi.hoisted(() => ({ cookie: undefined as string | undefined, acceptLanguage: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      name === "NEXT_LOCALE" && request.cookie ? { value: request.cookie } : undefined,
  }),
  headers: async () => new Headers({ "accept-language": request.acceptLanguage }),
}));

const { storedFailureCode, translateFailure } = await import("./translate-failure");

beforeEach(() => {
  request.cookie = undefined;
  request.acceptLanguage = "";
});

describe("translateFailure", () => {
  it("translates our own codes with their parameters, in English by default", async () => {
    expect(await translateFailure({ code: "ACTIVATION_NOT_FOUND" })).toEqual({
      code: "ACTIVATION_NOT_FOUND",
      message: "This activation does not exist or is not yours.",
    });
    expect(
      await translateFailure({ code: "NOT_ALLOWED_EARLY_CANCEL", params: { secondsLeft: 42 } }),
    ).toEqual({ code: "NOT_ALLOWED_EARLY_CANCEL", message: "Cancel is available in 42 s." });
  });

  it("translates provider tokens, filling a missing parameter with a placeholder", async () => {
    expect(await translateFailure({ code: "BANNED", params: { until: "2026-12-08 10:00" } })).toEqual(
      { code: "BANNED", message: "The provider has blocked this account until 2026-12-08 10:00." },
    );
    expect((await translateFailure({ code: "BANNED" })).message).toBe(
      "The provider has blocked this account until ?.",
    );
  });

  it("follows the language cookie, then the browser's language, request by request", async () => {
    request.cookie = "pt-BR";
    expect((await translateFailure({ code: "ACTIVATION_NOT_FOUND" })).message).toBe(
      "Esta ativação não existe ou não é sua.",
    );
    request.cookie = "en";
    request.acceptLanguage = "pt-BR,pt;q=0.9";
    expect((await translateFailure({ code: "ACTIVATION_NOT_FOUND" })).message).toBe(
      "This activation does not exist or is not yours.",
    );
    request.cookie = undefined;
    expect(
      await translateFailure({ code: "NOT_ALLOWED_EARLY_CANCEL", params: { secondsLeft: 7 } }),
    ).toEqual({
      code: "NOT_ALLOWED_EARLY_CANCEL",
      message: "O cancelamento estará disponível em 7 s.",
    });
    // The same message again in the other language: the cached translators stay apart.
    request.acceptLanguage = "en-US";
    expect(
      (await translateFailure({ code: "NOT_ALLOWED_EARLY_CANCEL", params: { secondsLeft: 7 } }))
        .message,
    ).toBe("Cancel is available in 7 s.");
  });

  it("turns an unknown code into the generic message, never the code's own text", async () => {
    // Only a code from outside the type system gets here (a cast, a stored string).
    const unknown = "SOMETHING_INTERNAL: secret detail" as FailureCode;
    expect(await translateFailure({ code: unknown })).toEqual({
      code: "UNEXPECTED",
      message: "Something went wrong on our side. Nothing was sent to the provider twice; try again.",
    });
  });
});

describe("storedFailureCode", () => {
  it("keeps a stored code this build has a message for, and makes any other UNEXPECTED", () => {
    expect(storedFailureCode("ORDER_UNKNOWN")).toBe("ORDER_UNKNOWN");
    expect(storedFailureCode("NO_BALANCE")).toBe("NO_BALANCE");
    expect(storedFailureCode("LIMIT_KEY_DAILY")).toBe("LIMIT_KEY_DAILY");
    expect(storedFailureCode("A_CODE_FROM_ANOTHER_BUILD")).toBe("UNEXPECTED");
    expect(storedFailureCode("errors")).toBe("UNEXPECTED");
  });
});

// Compile-time checks (npm test runs tsc over tests): a code with no message does not type-check.
const typed: Failure = { code: "ACTIVATION_NOT_FOUND" };
// @ts-expect-error a typo is not a failure code
const typo: Failure = { code: "ACTIVATION_NOT_FOUDN" };
void [typed, typo];
