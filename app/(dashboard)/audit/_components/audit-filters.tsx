import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { AuditFilterField, AuditFilterValues } from "@/lib/audit/filter";
import { type AuditActor, SYNC_ACTOR } from "@/lib/audit/queries";
import { actionMessageKey } from "./action-label";

type Props = {
  actors: AuditActor[];
  actions: string[];
  values: AuditFilterValues;
  invalid: AuditFilterField[];
};

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A plain GET form: the filters live in the URL, so they can be bookmarked, shared and exported. */
export async function AuditFilters({ actors, actions, values, invalid }: Props) {
  const t = await getTranslations("audit");
  // A value from the URL that is not (or no longer) offered stays selectable, so the form
  // shows the filter that is really applied instead of silently falling back to "all".
  const actorOptions =
    values.user && !actors.some((a) => a.id === values.user)
      ? [...actors, { id: values.user, label: values.user }]
      : actors;
  const actionOptions =
    values.action && !actions.includes(values.action) ? [...actions, values.action] : actions;
  const bad = (field: AuditFilterField) => invalid.includes(field) || undefined;
  const badRange = invalid.includes("range") || undefined;

  return (
    <form
      method="get"
      action="/audit"
      aria-label={t("filters.legend")}
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
    >
      <Field id="audit-user" label={t("filters.user")}>
        <NativeSelect
          id="audit-user"
          name="user"
          defaultValue={values.user ?? ""}
          aria-invalid={bad("user")}
        >
          <option value="">{t("filters.allUsers")}</option>
          {actorOptions.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.id === SYNC_ACTOR ? t("filters.sync") : actor.label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="audit-action" label={t("filters.action")}>
        <NativeSelect
          id="audit-action"
          name="action"
          defaultValue={values.action ?? ""}
          aria-invalid={bad("action")}
        >
          <option value="">{t("filters.allActions")}</option>
          {actionOptions.map((action) => (
            <option key={action} value={action}>
              {t.has(actionMessageKey(action)) ? t(actionMessageKey(action)) : action}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="audit-activation" label={t("filters.activation")}>
        <Input
          id="audit-activation"
          name="activation"
          inputMode="numeric"
          pattern="\d{1,20}"
          maxLength={20}
          placeholder={t("filters.activationPlaceholder")}
          defaultValue={values.activation ?? ""}
          aria-invalid={bad("activation")}
        />
      </Field>
      <Field id="audit-from" label={t("filters.from")}>
        <Input
          id="audit-from"
          name="from"
          type="date"
          defaultValue={values.from ?? ""}
          aria-invalid={bad("from") ?? badRange}
        />
      </Field>
      <Field id="audit-to" label={t("filters.to")}>
        <Input
          id="audit-to"
          name="to"
          type="date"
          defaultValue={values.to ?? ""}
          aria-invalid={bad("to") ?? badRange}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit">{t("filters.apply")}</Button>
        <Button variant="outline" asChild>
          <Link href="/audit">{t("filters.clear")}</Link>
        </Button>
      </div>
    </form>
  );
}
