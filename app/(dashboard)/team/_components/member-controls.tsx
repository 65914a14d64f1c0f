"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/native-select";
import { isTeamRole, TEAM_ROLES, type TeamRole } from "@/lib/auth/roles";
import type { MemberDto } from "@/lib/teams/dto";
import { changeRoleAction, removeMemberAction } from "../actions";
import { useActionMutation } from "@/components/use-action-mutation";

// A row's controls. `locked` marks the team's last admin: the same rule the server enforces in
// one transaction (LAST_ADMIN) greys the controls out here, with the reason as a hint.

type Props = { member: MemberDto; locked: boolean };

export function RoleSelect({ member, locked }: Props) {
  const t = useTranslations("team");
  // What the select shows: the chosen role from the click on, not the server's old one until
  // the refreshed list arrives (else a quick second change would look like no change at all).
  const [shownRole, setShownRole] = useState(member.role);
  useEffect(() => setShownRole(member.role), [member.role]);
  const mutation = useActionMutation((role: TeamRole) => changeRoleAction({ memberId: member.memberId, role }), {
    refresh: true,
    success: (data) => t("roleChanged", { email: data.email, role: t(`roles.${data.role}`) }),
    onFailed: () => setShownRole(member.role),
  });
  return (
    <NativeSelect
      aria-label={t("roleSelect", { email: member.email })}
      className="h-8 w-auto"
      value={shownRole}
      disabled={locked || mutation.isPending}
      title={locked ? t("lastAdminHint") : undefined}
      onChange={(event) => {
        const role = event.target.value;
        if (!isTeamRole(role) || role === shownRole) return;
        setShownRole(role);
        mutation.mutate(role);
      }}
    >
      {TEAM_ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </NativeSelect>
  );
}

export function RemoveMember({
  member,
  locked,
  isSelf,
  teamName,
}: Props & { isSelf: boolean; teamName: string }) {
  const t = useTranslations("team");
  const [open, setOpen] = useState(false);
  const mutation = useActionMutation(() => removeMemberAction({ memberId: member.memberId }), {
    refresh: true,
    onDone: () => setOpen(false),
    success: () => t("removed", { email: member.email }),
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button
          size="xs"
          variant="outline"
          aria-label={t("removeLabel", { email: member.email })}
          disabled={locked}
          title={locked ? t("lastAdminHint") : undefined}
        >
          {t("remove")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")}>
        <DialogHeader>
          <DialogTitle>{t("removeTitle", { email: member.email, team: teamName })}</DialogTitle>
          <DialogDescription>
            {isSelf ? t("removeSelfDescription") : t("removeDescription")}
          </DialogDescription>
        </DialogHeader>
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="outline">{t("cancel")}</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={mutation.isPending}
            onClick={() => mutation.mutate(undefined)}
          >
            {t("removeConfirm")}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
