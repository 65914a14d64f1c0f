import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { MemberDto } from "@/lib/teams/dto";
import { RemoveMember, RoleSelect } from "./member-controls";
import { ReissuePasswordButton } from "./reissue-password-button";

type Props = { members: MemberDto[]; currentUserId: string; teamName: string };

/** The team's members; each row's role and removal are client controls. */
export async function MembersTable({ members, currentUserId, teamName }: Props) {
  const [t, format] = await Promise.all([getTranslations("team"), getFormatter()]);
  const admins = members.filter((m) => m.role === "admin").length;
  const now = Date.now();
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t("columns.name")}</TableHead>
          <TableHead>{t("columns.email")}</TableHead>
          <TableHead>{t("columns.role")}</TableHead>
          <TableHead>{t("columns.joined")}</TableHead>
          <TableHead>{t("columns.actions")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => {
          const locked = member.role === "admin" && admins <= 1;
          const isSelf = member.userId === currentUserId;
          return (
            <TableRow key={member.memberId}>
              <TableCell>
                <span className="font-medium">{member.name}</span>
                {isSelf ? (
                  <Badge tone="muted" className="ml-2">
                    {t("you")}
                  </Badge>
                ) : null}
                {member.oneTimePasswordExpiresAt === null ? null : (
                  <Badge tone={member.oneTimePasswordExpiresAt > now ? "warning" : "danger"} className="ml-2">
                    {member.oneTimePasswordExpiresAt > now
                      ? t("reissue.pending", {
                          date: format.dateTime(new Date(member.oneTimePasswordExpiresAt), {
                            dateStyle: "medium",
                            timeStyle: "short",
                          }),
                        })
                      : t("reissue.expired")}
                  </Badge>
                )}
              </TableCell>
              <TableCell>{member.email}</TableCell>
              <TableCell>
                <RoleSelect member={member} locked={locked} />
              </TableCell>
              <TableCell>
                {format.dateTime(new Date(member.createdAt), { dateStyle: "medium" })}
              </TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-2">
                  <RemoveMember member={member} locked={locked} isSelf={isSelf} teamName={teamName} />
                  {member.oneTimePasswordExpiresAt === null ? null : (
                    <ReissuePasswordButton member={member} />
                  )}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
