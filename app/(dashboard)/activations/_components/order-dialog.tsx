"use client";

import { PlusIcon } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useActionMutation } from "@/components/use-action-mutation";
import { accountQueryKey, activationsQueryKey } from "@/lib/activations/client-queries";
import type { KeyTimingDto } from "@/lib/activations/dto";
import { type Choice, countryChoices, selectedChoice, serviceChoices } from "@/lib/prices/choices";
import { minPriceOf } from "@/lib/prices/min-price";
import { orderNumberAction } from "../actions";
import { afterOrderAnswer, freshOrderIds, mayHaveBought, type OrderIdentity, orderIdsFor } from "./order-identity";
import { ANY_OPERATOR_CHOICE, chosenOperator, OperatorPicker, useOperators } from "./order-operator";
import { OrderPicker } from "./order-picker";
import { usePrices } from "./use-prices";

/**
 * "Order number": a key, a service and a country (listed with the key's prices and stock,
 * cheapest first), an operator where the provider lists them, an optional max price; the cost
 * shown before buying. On WRONG_MAX_PRICE the
 * provider's minimum is shown with a one-click "Buy at" it. Pass `open`/`onOpenChange` to open
 * it from outside (the `o` shortcut); otherwise it keeps its own.
 */
export function OrderDialog({
  keys,
  open: openProp,
  onOpenChange,
}: {
  keys: KeyTimingDto[];
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const t = useTranslations("order");
  const format = useFormatter();
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const setOpen = (next: boolean) => {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
  };
  const [wasOpen, setWasOpen] = useState(open);
  const [keyId, setKeyId] = useState(keys[0]?.id);
  const [service, setService] = useState("tg");
  const [serviceSearch, setServiceSearch] = useState("");
  const [country, setCountry] = useState<string | null>(null);
  const [countrySearch, setCountrySearch] = useState("");
  const [maxPrice, setMaxPrice] = useState("");
  const [minPrice, setMinPrice] = useState<number | null>(null);
  const [operatorChoice, setOperatorChoice] = useState(ANY_OPERATOR_CHOICE);
  const activeKey = keys.some((k) => k.id === keyId) ? keyId : keys[0]?.id;

  const services = serviceChoices(serviceSearch);
  const chosenService = selectedChoice(services, service)?.code ?? "";
  const prices = usePrices(activeKey, chosenService, open);
  const countries = countryChoices(prices.status === "ready" ? prices.value : null, countrySearch);
  const chosenCountry = selectedChoice(countries, country);
  // Read once the prices are (the country shown is then the one bought, not a placeholder).
  const operators = useOperators(activeKey, chosenCountry?.code ?? "", open && prices.status !== "loading");
  // An operator belongs to one key's country: another key or country starts again from "Any".
  const operatorScope = `${activeKey ?? ""}|${chosenCountry?.code ?? ""}`;
  const [operatorScopeSeen, setOperatorScopeSeen] = useState(operatorScope);
  if (operatorScope !== operatorScopeSeen) {
    setOperatorScopeSeen(operatorScope);
    setOperatorChoice(ANY_OPERATOR_CHOICE);
  }
  const operator = chosenOperator(operators, operatorScope === operatorScopeSeen ? operatorChoice : ANY_OPERATOR_CHOICE);

  // The idempotency key: new each time the dialog opens (however it was opened) and whenever
  // the order changes (order-identity.ts); a double submit repeats the same order. A refusal
  // that bought nothing frees it for the next try.
  const choice = { keyId: activeKey, service: chosenService, country: chosenCountry?.code, operator };
  const newId = () => crypto.randomUUID();
  const [orders, setOrders] = useState(() => freshOrderIds(choice, newId));
  const nowOrders = orderIdsFor(orders, choice, newId);
  if (nowOrders !== orders) setOrders(nowOrders);
  const current = nowOrders.current;
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      // The choices stay (a repeat order is one click); old searches and refusals do not.
      setOrders(freshOrderIds(choice, newId));
      setMinPrice(null);
      setServiceSearch("");
      setCountrySearch("");
    }
  }

  const price = (value: number) => format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const countryName = (c: Choice) => c.name ?? t("unnamedCountry", { code: c.code });
  const countryText = (c: Choice) => {
    if (c.cost === null) return countryName(c);
    if (!c.buyable) return t("optionSoldOut", { name: countryName(c), price: price(c.cost) });
    return t("option", { name: countryName(c), price: price(c.cost), count: c.count ?? 0 });
  };

  const mutation = useActionMutation(
    ({ submitted, max }: { submitted: OrderIdentity; max: number | undefined }) =>
      orderNumberAction({
        keyId: activeKey ?? "",
        service: chosenService,
        country: chosenCountry?.code ?? "",
        maxPrice: max,
        operator: operator === ANY_OPERATOR_CHOICE ? undefined : operator,
        orderId: submitted.id,
      }),
    {
      success: (bought) => t("done", { phone: bought.phone }),
      onDone: () => setOpen(false),
      onFailed: (error, { submitted }) => {
        setOrders((ids) => afterOrderAnswer(ids, submitted, mayHaveBought(error.code), newId));
        const min = minPriceOf(error);
        setMinPrice(min);
        // The minimum is shown in the dialog, with its button; other refusals as a toast.
        return min !== null;
      },
      invalidate: [activationsQueryKey, accountQueryKey],
    },
  );
  const buy = (max: number | undefined) => {
    if (!mutation.isPending) mutation.mutate({ submitted: current, max });
  };
  const typedMax = maxPrice.trim() === "" ? undefined : Number(maxPrice);
  const changed = (apply: () => void) => {
    apply();
    setMinPrice(null);
  };

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" disabled={keys.length === 0} title={keys.length === 0 ? t("noKey") : undefined}>
          <PlusIcon />
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")} className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            buy(typedMax);
          }}
        >
          <div className={keys.length > 1 ? "grid gap-1.5" : "hidden"}>
            <Label htmlFor="order-key">{t("key")}</Label>
            <NativeSelect id="order-key" name="keyId" value={activeKey} onChange={(e) => changed(() => setKeyId(e.target.value))}>
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <OrderPicker
            id="order-service"
            name="service"
            label={t("service")}
            searchLabel={t("searchService")}
            search={serviceSearch}
            onSearch={(search) =>
              changed(() => {
                setServiceSearch(search);
                setService(selectedChoice(serviceChoices(search), service)?.code ?? service);
              })
            }
            options={services}
            selected={chosenService}
            onSelect={(code) => changed(() => setService(code))}
            optionText={(s) => s.name ?? t("unnamedService", { code: s.code })}
          />
          <OrderPicker
            id="order-country"
            name="country"
            label={t("country")}
            searchLabel={t("searchCountry")}
            search={countrySearch}
            onSearch={(search) => changed(() => setCountrySearch(search))}
            options={countries}
            selected={chosenCountry?.code ?? ""}
            onSelect={(code) => changed(() => setCountry(code))}
            optionText={countryText}
            rows={7}
            describedBy="order-country-hint"
          />
          <p id="order-country-hint" className="-mt-2 text-xs text-muted-foreground">
            {t("countryHint")}
          </p>
          {prices.status === "loading" && (
            <p role="status" className="text-sm text-muted-foreground">
              {t("pricesLoading")}
            </p>
          )}
          {prices.status === "failed" && (
            <Alert variant="warning" role="status" data-testid="prices-failed">
              {t("pricesFailed", { reason: prices.message })}
            </Alert>
          )}
          {chosenCountry && (
            <OperatorPicker operators={operators} value={operator} onChange={(next) => changed(() => setOperatorChoice(next))} />
          )}
          <div className="grid gap-1.5">
            <Label htmlFor="order-max-price">{t("maxPrice")}</Label>
            <Input
              id="order-max-price"
              name="maxPrice"
              type="number"
              step="0.01"
              min="0"
              inputMode="decimal"
              value={maxPrice}
              onChange={(e) => changed(() => setMaxPrice(e.target.value))}
            />
          </div>
          <p aria-live="polite" data-testid="order-cost" className="text-sm">
            {costLine(chosenCountry, typedMax, t, price)}
          </p>
          {minPrice !== null && (
            <Alert variant="info" data-testid="min-price">
              <p>{t("minPrice", { price: price(minPrice) })}</p>
              <Button
                type="button"
                size="sm"
                className="mt-2"
                disabled={mutation.isPending}
                onClick={() => {
                  setMaxPrice(String(minPrice));
                  buy(minPrice);
                }}
              >
                {t("buyAtMin", { price: price(minPrice) })}
              </Button>
            </Alert>
          )}
          <Button type="submit" disabled={mutation.isPending || !chosenCountry?.buyable || chosenService === ""}>
            {mutation.isPending ? t("submitting") : t("submit")}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function costLine(
  country: Choice | null,
  max: number | undefined,
  t: ReturnType<typeof useTranslations<"order">>,
  price: (value: number) => string,
): string {
  if (!country || country.cost === null) return t("costUnknown");
  if (!country.buyable) return t("soldOut");
  const cost = t("cost", { price: price(country.cost) });
  return max !== undefined && max < country.cost ? `${cost} ${t("aboveMax", { max: price(max) })}` : cost;
}
