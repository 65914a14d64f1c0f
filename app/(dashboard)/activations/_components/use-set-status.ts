"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { unwrapAction } from "@/lib/actions/unwrap";
import { activationsQueryKey } from "@/lib/activations/client-queries";
import { type ActivationAction, SET_STATUS_CODE } from "@/lib/activations/state-machine";
import { setActivationStatus } from "../actions";

/** Activation ids are unique per key only, so a row is named by both. */
export const setStatusMutationKey = (keyId: string, id: string) => ["setStatus", keyId, id] as const;

/** One click -> one server action; the row shows "Sending…" until the provider has answered. */
export function useSetStatus(keyId: string, activationId: string) {
  const t = useTranslations("activations");
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: setStatusMutationKey(keyId, activationId),
    mutationFn: async (action: ActivationAction) =>
      unwrapAction(await setActivationStatus({ keyId, id: activationId, status: SET_STATUS_CODE[action] })),
    onSuccess: (result, action) => {
      if (result.error) toast.error(result.error.message);
      else toast.success(t(`done.${action}`, { id: activationId }));
    },
    onError: () => toast.error(t("reasons.busy")),
    onSettled: () => queryClient.invalidateQueries({ queryKey: activationsQueryKey }),
  });
}
