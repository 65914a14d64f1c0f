"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { type SafeActionAnswer, unwrapAction } from "@/lib/actions/unwrap";
import type { ActionError, ActionResult } from "@/lib/result";

// The one way the browser runs a server action (ARCHITECTURE.md, "one mutation pattern"): a
// TanStack mutation whose result is the action's envelope, so `isPending` disables the buttons
// and the result is handled in one place.
//   - A failure is a toast with the server's translated message, unless `onFailed` handles it.
//   - A request that never got an answer (network, server down) is a failure too, UNREACHABLE:
//     the mutation never rejects, and the buttons stay usable.
//   - Afterwards, worked or not (a failure may still have changed something, like a provider
//     answer that was lost), the listed queries refetch and, with `refresh`, the server-rendered
//     parts of the page re-render.

export type ActionMutationOptions<I, T> = {
  /** A name for the mutation while it runs (useMutationState reads it, e.g. a row's "Sending…"). */
  mutationKey?: QueryKey;
  /** What to say when it worked; nothing when absent or null. */
  success?: (data: T, input: I) => string | null;
  onDone?: (data: T, input: I) => void;
  /** Return true when the failure is shown another way, so no toast says it. */
  onFailed?: (error: ActionError, input: I) => unknown;
  /** Queries to refetch afterwards. */
  invalidate?: readonly QueryKey[];
  /** Re-render the server components afterwards (lists the server renders). */
  refresh?: boolean;
};

export function useActionMutation<I, T>(
  action: (input: I) => Promise<SafeActionAnswer<T>>,
  { mutationKey, success, onDone, onFailed, invalidate = [], refresh = false }: ActionMutationOptions<I, T> = {},
) {
  const t = useTranslations("errors");
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation<ActionResult<T>, never, I>({
    mutationKey,
    mutationFn: (input) =>
      action(input).then(unwrapAction, () => ({ error: { code: "UNREACHABLE", message: t("UNREACHABLE") } })),
    onSuccess: (result, input) => {
      if (result.error) {
        if (onFailed?.(result.error, input) !== true) toast.error(result.error.message);
        return;
      }
      onDone?.(result.data, input);
      const message = success?.(result.data, input);
      if (message) toast.success(message);
    },
    onSettled: () => {
      for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
      if (refresh) router.refresh();
    },
  });
}
