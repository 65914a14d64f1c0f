import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getSessionContext } from "@/lib/auth/session";
import { isSetupDone } from "@/lib/setup/service";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getSessionContext()) redirect("/activations");
  const t = await getTranslations("auth");
  const setupDone = await isSetupDone();
  return (
    <div className="grid gap-4">
      <h1 className="text-lg font-semibold">{t("signInTitle")}</h1>
      {setupDone ? (
        <SignInForm />
      ) : (
        <p className="text-sm">
          {t("notSetUp")}{" "}
          <Link className="underline" href="/setup">
            {t("goToSetup")}
          </Link>
        </p>
      )}
    </div>
  );
}
