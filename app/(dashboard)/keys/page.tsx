import { getTranslations } from "next-intl/server";
import { adminTeam } from "@/lib/auth/page-guards";
import { listTeamKeys } from "@/lib/keys/service";
import { listTeamWebhooks } from "@/lib/webhooks/settings";
import { AdminOnly } from "../_components/admin-only";
import { AddKeyDialog } from "./_components/add-key-dialog";
import { KeyLimitsSection } from "./_components/key-limits-section";
import { KeyWebhooks } from "./_components/key-webhooks";
import { KeysTable } from "./_components/keys-table";

export const dynamic = "force-dynamic";

export default async function KeysPage() {
  const team = await adminTeam();
  if (!team) return <AdminOnly />;
  const [t, keys, webhooks] = await Promise.all([
    getTranslations("keys"),
    listTeamKeys(team.teamId),
    listTeamWebhooks(team.teamId),
  ]);
  return (
    <section className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <div className="ml-auto">
          <AddKeyDialog />
        </div>
      </div>
      <p className="text-sm text-muted-foreground">{t("intro")}</p>
      <KeysTable keys={keys} />
      <KeyLimitsSection teamId={team.teamId} keys={keys} />
      <KeyWebhooks webhooks={webhooks} />
    </section>
  );
}
