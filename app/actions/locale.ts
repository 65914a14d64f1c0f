"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { actionClient, invalidInput } from "@/lib/actions/safe-action";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/config";

export const setLocaleAction = actionClient.metadata({ actionName: "setLocaleAction" })
  .inputSchema(z.strictObject({ locale: z.enum(LOCALES) }), { handleValidationErrorsShape: invalidInput })
  .action(async ({ parsedInput }) => {
    (await cookies()).set(LOCALE_COOKIE, parsedInput.locale, {
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
      sameSite: "lax",
    });
    return { data: parsedInput.locale };
  });
