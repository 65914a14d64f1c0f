import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";

// The setup form's input, parsed by its action. Here, not in the "use server" file (which may
// export only async functions), so a test can hold it against the password policy.
export const setupInput = z.strictObject({
  teamName: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  email: z.email().max(200),
  // The one password policy: better-auth refuses what is longer, so the form must too.
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  /** Only asked for when /setup is opened from another machine than the server. */
  setupToken: z.string().max(200).optional(),
});

export type SetupFormInput = z.infer<typeof setupInput>;
