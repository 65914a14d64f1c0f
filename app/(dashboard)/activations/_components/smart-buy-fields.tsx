"use client";

import { ArrowUpIcon, XIcon } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { knownCountryName, NAMED_COUNTRIES } from "@/lib/prices/names";
import { SMART_BUY_LIMITS } from "@/lib/smart-buy/input";
import { usePrices } from "./use-prices";

export type SmartBuyForm = {
  service: string;
  /** Country codes, in the order tried. */
  countries: string[];
  maxPrice: string;
  everySeconds: string;
  maxRounds: string;
};

/** The form as startSmartBuyAction takes it (the server validates it again). */
export function smartBuyRequest(keyId: string, form: SmartBuyForm) {
  const max = form.maxPrice.trim();
  return {
    keyId,
    service: form.service,
    countries: form.countries,
    maxPrice: max === "" ? undefined : Number(max),
    everySeconds: Number(form.everySeconds),
    maxRounds: Number(form.maxRounds),
  };
}

/**
 * The "keep trying" fields: countries in order (sold-out ones too: that is the point), the max
 * price, the wait between rounds and the rounds. Its own component, so the order dialog can
 * mount it as a section later.
 */
export function SmartBuyFields({
  keyId,
  form,
  onChange,
  enabled,
}: {
  keyId: string | undefined;
  form: SmartBuyForm;
  onChange: (update: (form: SmartBuyForm) => SmartBuyForm) => void;
  enabled: boolean;
}) {
  const t = useTranslations("smartBuy");
  const format = useFormatter();
  const prices = usePrices(keyId, form.service, enabled);
  const name = (code: string) => knownCountryName(code) ?? code;
  const options =
    prices.status === "ready"
      ? [...prices.value]
          .sort((a, b) => a.cost - b.cost)
          .map((o) => ({
            code: o.country,
            text:
              o.count > 0
                ? t("priced", {
                    name: name(o.country),
                    price: format.number(o.cost, { maximumFractionDigits: 4 }),
                  })
                : t("soldOut", { name: name(o.country) }),
          }))
      : NAMED_COUNTRIES.map((c) => ({ code: c.code, text: c.name }));
  const addable = options.filter((o) => !form.countries.includes(o.code));
  const [picked, setPicked] = useState("");
  const toAdd = addable.some((o) => o.code === picked) ? picked : (addable[0]?.code ?? "");
  const full = form.countries.length >= SMART_BUY_LIMITS.countries.max;
  const setCountries = (countries: string[]) => onChange((f) => ({ ...f, countries }));
  const number =
    (field: "maxPrice" | "everySeconds" | "maxRounds") =>
    (e: React.ChangeEvent<HTMLInputElement>) =>
      onChange((f) => ({ ...f, [field]: e.target.value }));

  return (
    <>
      <div className="grid gap-1.5">
        <Label htmlFor="smart-buy-country">{t("country")}</Label>
        <div className="flex gap-2">
          <NativeSelect
            id="smart-buy-country"
            value={toAdd}
            onChange={(e) => setPicked(e.target.value)}
          >
            {addable.map((o) => (
              <option key={o.code} value={o.code}>
                {o.text}
              </option>
            ))}
          </NativeSelect>
          <Button
            type="button"
            variant="outline"
            disabled={full || toAdd === ""}
            onClick={() => setCountries([...form.countries, toAdd])}
          >
            {t("addCountry")}
          </Button>
        </div>
      </div>
      <div className="grid gap-1.5">
        <p className="text-sm font-medium" id="smart-buy-countries-label">
          {t("countries")}
        </p>
        {form.countries.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noCountries")}</p>
        ) : (
          <ol
            aria-labelledby="smart-buy-countries-label"
            data-testid="smart-buy-countries"
            className="grid gap-1"
          >
            {form.countries.map((code, index) => (
              <li key={code} className="flex items-center gap-2 text-sm">
                <span className="flex-1">
                  {index + 1}. {name(code)}
                </span>
                {index > 0 && (
                  <Button
                    type="button"
                    size="icon"
                    variant="ghost"
                    aria-label={t("moveUp", { name: name(code) })}
                    onClick={() => {
                      const next = [...form.countries];
                      [next[index - 1], next[index]] = [code, next[index - 1] ?? code];
                      setCountries(next);
                    }}
                  >
                    <ArrowUpIcon />
                  </Button>
                )}
                <Button
                  type="button"
                  size="icon"
                  variant="ghost"
                  aria-label={t("remove", { name: name(code) })}
                  onClick={() => setCountries(form.countries.filter((c) => c !== code))}
                >
                  <XIcon />
                </Button>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="smart-buy-max-price">{t("maxPrice")}</Label>
        <Input
          id="smart-buy-max-price"
          type="number"
          step="0.01"
          min="0"
          inputMode="decimal"
          value={form.maxPrice}
          onChange={number("maxPrice")}
          aria-describedby="smart-buy-max-price-hint"
        />
        <p id="smart-buy-max-price-hint" className="text-xs text-muted-foreground">
          {t("maxPriceHint")}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3">
        {(["everySeconds", "maxRounds"] as const).map((field) => (
          <div key={field} className="grid gap-1.5">
            <Label htmlFor={`smart-buy-${field}`}>{t(field)}</Label>
            <Input
              id={`smart-buy-${field}`}
              type="number"
              min={SMART_BUY_LIMITS[field].min}
              max={SMART_BUY_LIMITS[field].max}
              value={form[field]}
              onChange={number(field)}
              aria-describedby="smart-buy-limits"
            />
          </div>
        ))}
      </div>
      <p id="smart-buy-limits" className="-mt-2 text-xs text-muted-foreground">
        {t("limitsHint", {
          minEvery: SMART_BUY_LIMITS.everySeconds.min,
          maxEvery: SMART_BUY_LIMITS.everySeconds.max,
          minRounds: SMART_BUY_LIMITS.maxRounds.min,
          maxRounds: SMART_BUY_LIMITS.maxRounds.max,
          maxCountries: SMART_BUY_LIMITS.countries.max,
        })}
      </p>
    </>
  );
}
