"use client";

import { UserPlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { TEAM_ROLES, type TeamRole } from "@/lib/auth/roles";
import { addMemberAction } from "../actions";
import { type CreatedAccount, OneTimePasswordDialog } from "./one-time-password-dialog";
import { useActionMutation } from "@/components/use-action-mutation";

type NewMemberInput = { email: string; name: string; role: TeamRole };

/**
 * "Add member": a new email gets an account and a one-time password; an existing account gets an
 * invitation its owner accepts (the admin is told so, and sees it in the invitations list).
 */
export function AddMemberForm() {
  const t = useTranslations("team");
  const form = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<CreatedAccount | null>(null);
  const mutation = useActionMutation((input: NewMemberInput) => addMemberAction(input), {
    refresh: true,
    onDone: (added) => {
      form.current?.reset();
      if (added.kind === "member") setCreated({ email: added.member.email, password: added.oneTimePassword });
    },
    success: (added) =>
      added.kind === "invitation"
        ? t("add.invited", { email: added.invitation.email, role: t(`roles.${added.invitation.role}`) })
        : null,
  });

  return (
    <>
      <form
        ref={form}
        aria-labelledby="add-member-title"
        className="grid content-start gap-4 rounded-lg border p-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (mutation.isPending) return;
          const data = new FormData(event.currentTarget);
          mutation.mutate({
            email: String(data.get("email") ?? ""),
            name: String(data.get("name") ?? ""),
            role: data.get("role") === "admin" ? "admin" : "operator",
          });
        }}
      >
        <div className="grid gap-1">
          <h2 id="add-member-title" className="font-semibold">
            {t("add.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("add.description")}</p>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="add-member-email">{t("add.email")}</Label>
          <Input
            id="add-member-email"
            name="email"
            type="email"
            required
            maxLength={254}
            autoComplete="off"
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="add-member-name">{t("add.name")}</Label>
          <Input id="add-member-name" name="name" required maxLength={100} autoComplete="off" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="add-member-role">{t("add.role")}</Label>
          <NativeSelect id="add-member-role" name="role" defaultValue="operator">
            {TEAM_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" disabled={mutation.isPending} className="justify-self-start">
          <UserPlusIcon />
          {mutation.isPending ? t("add.submitting") : t("add.submit")}
        </Button>
      </form>
      <OneTimePasswordDialog account={created} onClose={() => setCreated(null)} />
    </>
  );
}
