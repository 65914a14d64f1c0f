import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { activationsQueryKey } from "@/lib/activations/client-queries";
import { readActivations } from "@/lib/activations/poll";
import { requireTeam } from "@/lib/auth/page-guards";
import { getQueryClient } from "@/lib/query/get-query-client";
import { ensureSyncRunning } from "@/lib/sync/registry";
import { NoTeam } from "../_components/no-team";
import { ActivationsView } from "./_components/activations-view";

export const dynamic = "force-dynamic";

/** Server-renders the table from our database, then the browser keeps it live by polling. */
export default async function ActivationsPage() {
  const { session, team } = await requireTeam();
  if (!team) return <NoTeam />;
  await ensureSyncRunning();
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery({
    queryKey: activationsQueryKey,
    // With the cursor and ETag of this read: the browser's first poll is a 304 or a delta.
    queryFn: () => readActivations(team.teamId),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ActivationsView teamId={team.teamId} me={session.email} />
    </HydrationBoundary>
  );
}
