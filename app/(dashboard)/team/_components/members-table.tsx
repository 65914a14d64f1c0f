import { getFormatter, getTranslations } from "next-intl/server";
import { type DataColumn, DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import type { MemberDto } from "@/lib/teams/dto";
import { RemoveMember, RoleSelect } from "./member-controls";
import { ReissuePasswordButton } from "./reissue-password-button";

type Props = { members: MemberDto[]; currentUserId: string; teamName: string };
type T = Awaited<ReturnType<typeof getTranslations<"team">>>;
type Format = Awaited<ReturnType<typeof getFormatter>>;

function memberColumns(t: T, format: Format, { members, currentUserId, teamName }: Props): DataColumn<MemberDto>[] {
  const admins = members.filter((m) => m.role === "admin").length;
  // The team's last admin: the same rule the server enforces (LAST_ADMIN) greys its controls out.
  const locked = (member: MemberDto) => member.role === "admin" && admins <= 1;
  const now = Date.now();
  return [
    {
      id: "name",
      header: t("columns.name"),
      cell: (member) => (
        <>
          <span className="font-medium">{member.name}</span>
          {member.userId === currentUserId ? (
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
        </>
      ),
    },
    { id: "email", header: t("columns.email"), cell: (member) => member.email },
    {
      id: "role",
      header: t("columns.role"),
      cell: (member) => <RoleSelect member={member} locked={locked(member)} />,
    },
    {
      id: "joined",
      header: t("columns.joined"),
      cell: (member) => format.dateTime(new Date(member.createdAt), { dateStyle: "medium" }),
    },
    {
      id: "actions",
      header: t("columns.actions"),
      cell: (member) => (
        <div className="flex flex-wrap gap-2">
          <RemoveMember
            member={member}
            locked={locked(member)}
            isSelf={member.userId === currentUserId}
            teamName={teamName}
          />
          {member.oneTimePasswordExpiresAt === null ? null : <ReissuePasswordButton member={member} />}
        </div>
      ),
    },
  ];
}

/** The team's members; each row's role and removal are client controls. */
export async function MembersTable(props: Props) {
  const [t, format] = await Promise.all([getTranslations("team"), getFormatter()]);
  return <DataTable columns={memberColumns(t, format, props)} rows={props.members} rowKey={(m) => m.memberId} />;
}
