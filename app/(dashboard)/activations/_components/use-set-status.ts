"use client";

import { useTranslations } from "next-intl";
import { useActionMutation } from "@/components/use-action-mutation";
import { activationsQueryKey } from "@/lib/activations/client-queries";
import { type ActivationAction, SET_STATUS_CODE } from "@/lib/activations/state-machine";
import { setActivationStatus } from "../actions";

/** Activation ids are unique per key only, so a row is named by both. */
export const setStatusMutationKey = (keyId: string, id: string) => ["setStatus", keyId, id] as const;

/** One click -> one server action; the row shows "Sending…" until the provider has answered. */
export function useSetStatus(keyId: string, activationId: string) {
  const t = useTranslations("activations");
  return useActionMutation(
    (action: ActivationAction) => setActivationStatus({ keyId, id: activationId, status: SET_STATUS_CODE[action] }),
    {
      mutationKey: setStatusMutationKey(keyId, activationId),
      success: (_data, action) => t(`done.${action}`, { id: activationId }),
      invalidate: [activationsQueryKey],
    },
  );
}
