"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/result";

/** Runs a key action, shows its error or success message, and refreshes the server-rendered list. */
export function useKeyAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function run<T>(call: () => Promise<ActionResult<T>>, success: (data: T) => string, onError?: (code: string) => boolean) {
    startTransition(async () => {
      const result = await call();
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
