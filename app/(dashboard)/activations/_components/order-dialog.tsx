"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
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
import { unwrapAction } from "@/lib/actions/unwrap";
import { accountQueryKey, activationsQueryKey } from "@/lib/activations/client-queries";
import type { KeyTimingDto } from "@/lib/activations/dto";
import { COUNTRIES, SERVICES } from "@/lib/catalog";
import { orderNumberAction } from "../actions";

/**
 * "Order number": service, country, optional max price; one purchase per dialog opening. Pass
 * `open`/`onOpenChange` to open it from outside (the `o` shortcut); otherwise it keeps its own.
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
  const queryClient = useQueryClient();
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const setOpen = (next: boolean) => {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
  };
  // A new idempotency key each time the dialog opens (however it was opened): a double submit
  // repeats the same order.
  const [orderId, setOrderId] = useState(() => crypto.randomUUID());
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOrderId(crypto.randomUUID());
  }

  const mutation = useMutation({
    mutationFn: async (form: FormData) => {
      const maxPrice = String(form.get("maxPrice") ?? "").trim();
      return unwrapAction(
        await orderNumberAction({
          keyId: String(form.get("keyId")),
          service: String(form.get("service")),
          country: String(form.get("country")),
          maxPrice: maxPrice === "" ? undefined : Number(maxPrice),
          orderId,
        }),
      );
    },
    onSuccess: (result) => {
      if (result.error) {
        toast.error(result.error.message);
        return;
      }
      toast.success(t("done", { phone: result.data.phone }));
      setOpen(false);
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: activationsQueryKey });
      queryClient.invalidateQueries({ queryKey: accountQueryKey });
    },
  });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" disabled={keys.length === 0} title={keys.length === 0 ? t("noKey") : undefined}>
          <PlusIcon />
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")}>
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!mutation.isPending) mutation.mutate(new FormData(event.currentTarget));
          }}
        >
          <div className={keys.length > 1 ? "grid gap-1.5" : "hidden"}>
            <Label htmlFor="order-key">{t("key")}</Label>
            <NativeSelect id="order-key" name="keyId" defaultValue={keys[0]?.id}>
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="order-service">{t("service")}</Label>
            <NativeSelect id="order-service" name="service" defaultValue="tg">
              {SERVICES.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="order-country">{t("country")}</Label>
            <NativeSelect id="order-country" name="country" defaultValue="73">
              {COUNTRIES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="order-max-price">{t("maxPrice")}</Label>
            <Input id="order-max-price" name="maxPrice" type="number" step="0.01" min="0" inputMode="decimal" />
          </div>
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? t("submitting") : t("submit")}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
