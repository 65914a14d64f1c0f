"use client";

import { RotateCwIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useActionMutation } from "@/components/use-action-mutation";
import { accountQueryKey, activationsQueryKey } from "@/lib/activations/client-queries";
import type { ActivationDto } from "@/lib/activations/dto";
import { knownCountryName, knownServiceName } from "@/lib/prices/names";
import { orderNumberAction } from "../actions";
import { mayHaveBought } from "./order-identity";

/** "Buy again": one click orders another number of the row's service and country, with its key. */
export function BuyAgainButton({ activation, size }: { activation: ActivationDto; size: "xs" | "sm" }) {
  const t = useTranslations("smartBuy");
  // One idempotency key per purchase: a double click repeats the same order.
  const [orderId, setOrderId] = useState(() => crypto.randomUUID());
  const label = t("buyAgainLabel", {
    service: knownServiceName(activation.service) ?? activation.service,
    country: knownCountryName(activation.countryCode) ?? activation.countryCode,
  });
  const mutation = useActionMutation(
    () => orderNumberAction({ keyId: activation.keyId, service: activation.service, country: activation.countryCode, orderId }),
    {
      onDone: () => setOrderId(crypto.randomUUID()),
      success: (bought) => t("boughtAgain", { phone: bought.phone }),
      onFailed: (error) => {
        if (!mayHaveBought(error.code)) setOrderId(crypto.randomUUID());
      },
      invalidate: [activationsQueryKey, accountQueryKey],
    },
  );
  return (
    <Button
      type="button"
      size={size}
      variant="ghost"
      aria-label={label}
      title={label}
      data-action="buy-again"
      disabled={mutation.isPending}
      onClick={() => mutation.mutate(undefined)}
    >
      <RotateCwIcon />
    </Button>
  );
}
