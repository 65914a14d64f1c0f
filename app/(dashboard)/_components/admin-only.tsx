import { getTranslations } from "next-intl/server";

/** What a non-admin sees on an admin page: a refusal, and none of the page's data. */
export async function AdminOnly() {
  const t = await getTranslations("errors");
  return (
    <p role="alert" className="text-muted-foreground">
      {t("ADMIN_ONLY")}
    </p>
  );
}
