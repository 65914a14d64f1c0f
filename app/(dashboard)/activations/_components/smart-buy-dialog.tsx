"use client";

import { RepeatIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
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
import type { KeyTimingDto } from "@/lib/activations/dto";
import { NAMED_SERVICES } from "@/lib/prices/names";
import { smartBuyQueryKey } from "@/lib/smart-buy/client";
import { saveQuickBuyAction, startSmartBuyAction } from "../smart-buy-actions";
import { SmartBuyFields, type SmartBuyForm, smartBuyRequest } from "./smart-buy-fields";

/**
 * "Keep trying…": a service, an ordered list of countries, an optional max price, the wait
 * between rounds and the number of rounds; the server then runs it (lib/smart-buy/runner.ts) and
 * the panel shows its attempts.
 */
export function SmartBuyDialog({ keys }: { keys: KeyTimingDto[] }) {
  const t = useTranslations("smartBuy");
  const [open, setOpen] = useState(false);
  const [keyId, setKeyId] = useState(keys[0]?.id);
  const activeKey = keys.some((k) => k.id === keyId) ? keyId : keys[0]?.id;
  const [form, setForm] = useState<SmartBuyForm>({
    service: "tg",
    countries: [],
    maxPrice: "",
    everySeconds: "30",
    maxRounds: "10",
  });

  const mutation = useActionMutation(() => startSmartBuyAction(smartBuyRequest(activeKey ?? "", form)), {
    success: () => t("started"),
    onDone: () => {
      setOpen(false);
      setForm((f) => ({ ...f, countries: [] }));
    },
    invalidate: [smartBuyQueryKey],
  });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" disabled={keys.length === 0}>
          <RepeatIcon />
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
            if (!mutation.isPending) mutation.mutate();
          }}
        >
          <div className={keys.length > 1 ? "grid gap-1.5" : "hidden"}>
            <Label htmlFor="smart-buy-key">{t("key")}</Label>
            <NativeSelect
              id="smart-buy-key"
              value={activeKey}
              onChange={(e) => setKeyId(e.target.value)}
            >
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="smart-buy-service">{t("service")}</Label>
            <NativeSelect
              id="smart-buy-service"
              value={form.service}
              onChange={(e) => setForm((f) => ({ ...f, service: e.target.value }))}
            >
              {NAMED_SERVICES.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <SmartBuyFields keyId={activeKey} form={form} onChange={setForm} enabled={open} />
          <Button type="submit" disabled={mutation.isPending || form.countries.length === 0}>
            {mutation.isPending ? t("submitting") : t("submit")}
          </Button>
          <SaveQuickBuy keyId={activeKey ?? ""} form={form} />
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Saves the plan as a quick buy button (the caller's own, or shared with the team), without starting it. */
function SaveQuickBuy({ keyId, form }: { keyId: string; form: SmartBuyForm }) {
  const t = useTranslations("smartBuy");
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useActionMutation(() => saveQuickBuyAction({ ...smartBuyRequest(keyId, form), name, shared }), {
    success: () => t("quickBuySaved", { name }),
    onDone: () => setName(""),
    invalidate: [smartBuyQueryKey],
  });
  return (
    <fieldset className="grid gap-2 border-t pt-3">
      <legend className="text-sm font-medium">{t("saveQuickBuyLegend")}</legend>
      <div className="flex items-end gap-2">
        <div className="grid flex-1 gap-1.5">
          <Label htmlFor="quick-buy-name">{t("quickBuyName")}</Label>
          <Input
            id="quick-buy-name"
            maxLength={40}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <Button
          type="button"
          variant="outline"
          disabled={save.isPending || name.trim() === "" || form.countries.length === 0}
          onClick={() => save.mutate()}
        >
          {t("saveQuickBuy")}
        </Button>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        {t("quickBuyShared")}
      </label>
    </fieldset>
  );
}
