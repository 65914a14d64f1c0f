"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useOptimistic, useTransition } from "react";
import { toast } from "sonner";
import { NativeSelect } from "@/components/ui/native-select";
import { unwrapAction } from "@/lib/actions/unwrap";
import { switchTeamAction } from "../team/actions";

type TeamOption = { id: string; name: string };

/**
 * The header's team menu: the session remembers the chosen team (better-auth's active
 * organization), then the page re-renders for it. The server checks membership again.
 */
export function TeamSwitcher({
  teams,
  currentTeamId,
}: {
  teams: TeamOption[];
  currentTeamId: string | null;
}) {
  const t = useTranslations("team.switcher");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(currentTeamId ?? "");
  if (teams.length === 0) return null;

  return (
    <NativeSelect
      aria-label={t("label")}
      className="h-8 w-auto max-w-48"
      value={shown}
      disabled={pending}
      onChange={(event) => {
        const teamId = event.target.value;
        startTransition(async () => {
          setShown(teamId);
          const result = unwrapAction(await switchTeamAction({ teamId }));
          if (result.error) toast.error(result.error.message);
          // Polled data (activations, balance) belonged to the previous team: fetch it again.
          await queryClient.invalidateQueries();
          router.refresh();
        });
      }}
    >
      {teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </NativeSelect>
  );
}
