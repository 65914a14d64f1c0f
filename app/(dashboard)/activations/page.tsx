import { readActivations } from "@/lib/activations/poll";
import { requireTeam } from "@/lib/auth/page-guards";
import { ensureSyncRunning } from "@/lib/sync/registry";
import { NoTeam } from "../_components/no-team";
import { ActivationsView } from "./_components/activations-view";
import { firstScreen } from "./_components/first-screen";
import { loadTableFilters } from "./_components/table-url";

export const dynamic = "force-dynamic";

/**
 * Server-renders the table's first screen from our database (the URL's filters and sort applied);
 * the browser then fetches the full set and keeps it live by polling (./_components/first-screen.ts).
 */
export default async function ActivationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { session, team } = await requireTeam();
  if (!team) return <NoTeam />;
  await ensureSyncRunning();
  const [data, filters] = await Promise.all([
    readActivations(team.teamId),
    loadTableFilters(searchParams),
  ]);
  return (
    <ActivationsView
      teamId={team.teamId}
      me={session.email}
      first={firstScreen(data, filters, session.email)}
    />
  );
}
