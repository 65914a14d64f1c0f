import { headers } from "next/headers";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { directClientAddress } from "@/lib/net/client-address";
import { isSetupDone } from "@/lib/setup/service";
import { currentSetupToken, setupTokenRequired } from "@/lib/setup/token";
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
  // The server decides who must give the setup token: anyone not on the server itself.
  const tokenRequired = setupTokenRequired(directClientAddress(await headers()));
  // Makes sure the token exists and was printed to the log; it never goes to the browser.
  if (tokenRequired) currentSetupToken();
  return (
    <div className="grid gap-4">
      <h1 className="text-lg font-semibold">{t("setupTitle")}</h1>
      <p className="text-sm text-muted-foreground">{t("setupIntro")}</p>
      <SetupForm tokenRequired={tokenRequired} />
    </div>
  );
}
