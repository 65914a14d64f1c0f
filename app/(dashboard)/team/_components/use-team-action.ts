"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/result";

/**
 * One team change: runs the server action, shows its error as a toast or hands its data to
 * onDone, then refreshes the server-rendered member list (and the header's team menu).
 */
export function useTeamAction<I, T>(
  call: (input: I) => Promise<ActionResult<T>>,
  onDone: (data: T, input: I) => void,
  onFailed?: () => void,
) {
  const t = useTranslations("team");
  const router = useRouter();
  return useMutation({
    mutationFn: call,
    onSuccess: (result, input) => {
      if (result.error) {
        toast.error(result.error.message);
        onFailed?.();
      } else onDone(result.data, input);
      router.refresh();
    },
    onError: () => {
      toast.error(t("unreachable"));
      onFailed?.();
    },
  });
}
