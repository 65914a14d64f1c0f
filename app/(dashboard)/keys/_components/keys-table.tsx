"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { KeyDto } from "@/lib/keys/dto";
import { presetName } from "@/lib/keys/presets";
import { KeyActions } from "./key-actions";

export function KeysTable({ keys }: { keys: KeyDto[] }) {
  const t = useTranslations("keys");
  const format = useFormatter();
  const when = (ms: number | null) => (ms === null ? "—" : format.dateTime(ms, { dateStyle: "short", timeStyle: "short" }));
  const columns = ["name", "provider", "secret", "status", "balance", "lastUsed", "lastError", "created", "actions"] as const;

  return (
    <Table>
      <TableHeader>
        <TableRow>
          {columns.map((c) => (
            <TableHead key={c}>{t(`columns.${c}`)}</TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.length === 0 ? (
          <TableRow>
            <TableCell colSpan={columns.length} className="py-10 text-center text-muted-foreground">
              {t("empty")}
            </TableCell>
          </TableRow>
        ) : (
          keys.map((key) => (
            <TableRow key={key.id} data-testid={`key-${key.name}`}>
              <TableCell className="font-medium">{key.name}</TableCell>
              <TableCell>
                <span title={key.baseUrl}>{presetName(key.provider)}</span>
              </TableCell>
              <TableCell className="font-mono" data-testid="secret-mask">
                {key.secretMask}
              </TableCell>
              <TableCell>
                <Badge tone={key.enabled ? "success" : "muted"}>{key.enabled ? t("enabled") : t("disabled")}</Badge>
                {key.health ? (
                  <p className="mt-1 max-w-56 text-xs whitespace-normal text-destructive" data-testid="key-health">
                    {key.health}
                  </p>
                ) : null}
              </TableCell>
              <TableCell data-testid="key-balance">
                {key.balance === null ? "—" : format.number(key.balance, { style: "currency", currency: "USD" })}
              </TableCell>
              <TableCell>{when(key.lastUsedAtMs)}</TableCell>
              <TableCell className="text-destructive" data-testid="key-error">
                {key.lastError ? `${key.lastError} · ${when(key.lastErrorAtMs)}` : "—"}
              </TableCell>
              <TableCell className="text-xs text-muted-foreground">
                {key.createdBy}
                <br />
                {when(key.createdAtMs)}
              </TableCell>
              <TableCell>
                <KeyActions keyDto={key} />
              </TableCell>
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
