"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createTeamAction } from "../actions";
import { useActionMutation } from "@/components/use-action-mutation";

/** A new team with the caller as its admin; they switch to it from the header's team menu. */
export function NewTeamForm() {
  const t = useTranslations("team");
  const form = useRef<HTMLFormElement>(null);
  const mutation = useActionMutation((name: string) => createTeamAction({ name }), {
    refresh: true,
    onDone: () => form.current?.reset(),
    success: (team) => t("newTeam.created", { team: team.teamName }),
  });
  return (
    <form
      ref={form}
      aria-labelledby="new-team-title"
      className="grid content-start gap-4 rounded-lg border p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!mutation.isPending)
          mutation.mutate(String(new FormData(event.currentTarget).get("name") ?? ""));
      }}
    >
      <div className="grid gap-1">
        <h2 id="new-team-title" className="font-semibold">
          {t("newTeam.title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("newTeam.description")}</p>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="new-team-name">{t("newTeam.field")}</Label>
        <Input id="new-team-name" name="name" required maxLength={100} autoComplete="off" />
      </div>
      <Button
        type="submit"
        variant="outline"
        disabled={mutation.isPending}
        className="justify-self-start"
      >
        {mutation.isPending ? t("newTeam.submitting") : t("newTeam.submit")}
      </Button>
    </form>
  );
}
