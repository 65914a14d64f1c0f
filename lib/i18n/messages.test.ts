import { describe, expect, it } from "vitest";
import { PROVIDER_ERROR_CODES } from "@/lib/provider/error-codes";
import { providerErrorMessages } from "@/lib/provider/error-messages";
import { MESSAGES } from "./messages";
import en from "./messages/en/core.json";

const ptBR = MESSAGES["pt-BR"];

function keys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("Portuguese has exactly the English keys", () => {
    expect(keys(ptBR).sort()).toEqual(keys(MESSAGES.en).sort());
  });

  it("every provider error code has a message in both languages", () => {
    for (const locale of ["en", "pt-BR"] as const) {
      for (const code of PROVIDER_ERROR_CODES) {
        expect(providerErrorMessages[locale][code], `${locale} ${code}`).toMatch(/\S/);
      }
    }
  });

  it("every disabled-button reason of the state machine has a message", () => {
    const reasons = [
      "early_cancel",
      "code_already_received",
      "waiting_for_code",
      "waiting_for_another_sms",
      "another_sms_not_offered",
      "finished",
      "cancelled",
      "expired",
    ];
    for (const reason of reasons) {
      expect(en.activations.reasons).toHaveProperty(reason);
      expect(en.errors).toHaveProperty(`NOT_ALLOWED_${reason.toUpperCase()}`);
    }
  });
});
