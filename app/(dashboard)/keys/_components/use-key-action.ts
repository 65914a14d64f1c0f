"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/result";

/** Runs a key action, shows its error or success message, and refreshes the server-rendered list. */
export function useKeyAction() {
  const router = useRouter();
  const t = useTranslations("keys");
  const [pending, startTransition] = useTransition();
  function run<T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string, onError?: (code: string) => boolean) {
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        // The request itself failed (network, server down): say so, keep the buttons usable.
        result = { error: { code: "UNREACHABLE", message: t("unreachable") } };
      }
      if (result.error) {
        if (!onError?.(result.error.code)) toast.error(result.error.message);
      } else {
        toast.success(success(result.data));
      }
      router.refresh();
    });
  }
  return { pending, run };
}
