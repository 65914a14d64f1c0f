"use client";

import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** The browser side of better-auth: sign-in, sign-out, change password. Same origin. */
export const authClient = createAuthClient({ plugins: [organizationClient()] });
