import { getTranslations } from "next-intl/server";

export async function NoTeam() {
  const t = await getTranslations("teams");
  return <p className="text-muted-foreground">{t("noTeam")}</p>;
}
