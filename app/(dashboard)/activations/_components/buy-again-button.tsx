"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCwIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { unwrapAction } from "@/lib/actions/unwrap";
import { accountQueryKey, activationsQueryKey } from "@/lib/activations/client-queries";
import type { ActivationDto } from "@/lib/activations/dto";
import { knownCountryName, knownServiceName } from "@/lib/prices/names";
import { orderNumberAction } from "../actions";

/** Answers after which the order may have gone through: its id is kept, so a second click cannot buy twice. */
const MAYBE_BOUGHT = new Set(["ORDER_UNKNOWN", "ORDER_IN_PROGRESS", "UNEXPECTED"]);

/** "Buy again": one click orders another number of the row's service and country, with its key. */
export function BuyAgainButton({ activation, size }: { activation: ActivationDto; size: "xs" | "sm" }) {
  const t = useTranslations("smartBuy");
  const queryClient = useQueryClient();
  // One idempotency key per purchase: a double click repeats the same order.
  const [orderId, setOrderId] = useState(() => crypto.randomUUID());
  const label = t("buyAgainLabel", {
    service: knownServiceName(activation.service) ?? activation.service,
    country: knownCountryName(activation.countryCode) ?? activation.countryCode,
  });
  const mutation = useMutation({
    mutationFn: async () =>
      unwrapAction(
        await orderNumberAction({
          keyId: activation.keyId,
          service: activation.service,
          country: activation.countryCode,
          orderId,
        }),
      ),
    onSuccess: (result) => {
      if (!result.error || !MAYBE_BOUGHT.has(result.error.code)) setOrderId(crypto.randomUUID());
      if (result.error) toast.error(result.error.message);
      else toast.success(t("boughtAgain", { phone: result.data.phone }));
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: activationsQueryKey });
      queryClient.invalidateQueries({ queryKey: accountQueryKey });
    },
  });
  return (
    <Button
      type="button"
      size={size}
      variant="ghost"
      aria-label={label}
      title={label}
      data-action="buy-again"
      disabled={mutation.isPending}
      onClick={() => mutation.mutate()}
    >
      <RotateCwIcon />
    </Button>
  );
}
