"use client";

import { KeyRoundIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { MemberDto } from "@/lib/teams/dto";
import { reissuePasswordAction } from "../actions";
import { type CreatedAccount, OneTimePasswordDialog } from "./one-time-password-dialog";
import { useActionMutation } from "@/components/use-action-mutation";

/**
 * Shown only for a member whose account still has its one-time password (the server refuses
 * any other): a fresh one replaces it, and signs out a session opened with the old one.
 */
export function ReissuePasswordButton({ member }: { member: MemberDto }) {
  const t = useTranslations("team");
  const [issued, setIssued] = useState<CreatedAccount | null>(null);
  const mutation = useActionMutation(() => reissuePasswordAction({ memberId: member.memberId }), {
    refresh: true,
    onDone: (data) => setIssued({ email: data.email, password: data.oneTimePassword, reissued: true }),
  });
  return (
    <>
      <Button
        size="xs"
        variant="outline"
        aria-label={t("reissue.label", { email: member.email })}
        title={t("reissue.hint")}
        disabled={mutation.isPending}
        onClick={() => mutation.mutate(undefined)}
      >
        <KeyRoundIcon />
        {t("reissue.button")}
      </Button>
      <OneTimePasswordDialog account={issued} onClose={() => setIssued(null)} />
    </>
  );
}
