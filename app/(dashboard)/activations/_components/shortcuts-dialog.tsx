"use client";

import { KeyboardIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { Fragment } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { SHORTCUTS } from "./shortcuts";

/** Keys whose KeyboardEvent.key is a word, shown as the symbol on the key. */
const KEY_GLYPHS: Record<string, string> = { ArrowDown: "↓", ArrowUp: "↑" };

/** "?" (or its button): every shortcut of the page, from the one list the handlers use. */
export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("shortcuts");
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button
          type="button"
          size="icon"
          variant="ghost"
          aria-label={t("open")}
          title={`${t("open")} (?)`}
        >
          <KeyboardIcon />
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("close")} data-testid="shortcuts-dialog">
        <DialogHeader>
          <DialogTitle>{t("title")}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map((shortcut) => (
            <Fragment key={shortcut.id}>
              <dt
                className="flex items-center gap-1 whitespace-nowrap"
                data-testid={`shortcut-${shortcut.id}`}
              >
                {shortcut.keys.map((key, i) => (
                  <Fragment key={key}>
                    {i > 0 ? (
                      <span className="text-xs text-muted-foreground">{t("or")}</span>
                    ) : null}
                    <kbd
                      className="min-w-6 rounded border bg-muted px-1.5 py-0.5 text-center font-mono text-xs"
                      title={t.has(`keyNames.${key}`) ? t(`keyNames.${key}`) : undefined}
                    >
                      {KEY_GLYPHS[key] ?? key}
                    </kbd>
                  </Fragment>
                ))}
              </dt>
              <dd>{t(`labels.${shortcut.id}`)}</dd>
            </Fragment>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
