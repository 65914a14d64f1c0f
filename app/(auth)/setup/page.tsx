import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { isSetupDone } from "@/lib/setup/service";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  const t = await getTranslations("auth");
  if (await isSetupDone()) {
    return (
      <p className="text-sm">
        {t("setupDone")}{" "}
        <Link className="underline" href="/sign-in">
          {t("signIn")}
        </Link>
      </p>
    );
  }
  return (
    <div className="grid gap-4">
      <h1 className="text-lg font-semibold">{t("setupTitle")}</h1>
      <p className="text-sm text-muted-foreground">{t("setupIntro")}</p>
      <SetupForm />
    </div>
  );
}
