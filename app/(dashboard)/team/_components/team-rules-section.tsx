import { getTeamRulesView } from "@/lib/rules/settings";
import { TeamRulesForm } from "./team-rules-form";

/** The team's automatic rules on /team (admins only: the page is). Reads its own data. */
export async function TeamRulesSection({ teamId }: { teamId: string }) {
  return <TeamRulesForm rules={await getTeamRulesView(teamId)} />;
}
