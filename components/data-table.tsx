import type * as React from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// The plain tables of the app (keys, members, invitations, audit, history): a list of columns,
// each a header and how one row fills its cell, built by a columns function per table (tablecn's
// getTasksTableColumns). No hooks and no "use client", so it renders on the server (audit,
// history) as well as in a client component (keys). The activation table, virtualised and
// keyboard-driven, has its own (activations/_components/virtual-table.tsx).

/** An element's attributes, `data-*` ones included (a test id). */
type WithData<Props> = Props & { [data: `data-${string}`]: string | undefined };

export type DataColumn<Row> = {
  id: string;
  header: React.ReactNode;
  /** Classes of its header cell (text-right over a column of amounts). */
  headerClassName?: string;
  cell: (row: Row) => React.ReactNode;
  /** Classes of this column's body cells. */
  className?: string;
  /** Per-row attributes of the body cell: a test id, a title. */
  cellProps?: (row: Row) => WithData<React.ComponentProps<"td">>;
};

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  empty,
  ...tableProps
}: {
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Per-row attributes of the row (a test id). */
  rowProps?: (row: Row) => WithData<React.ComponentProps<"tr">>;
  /** Said in one full-width row when there are no rows. */
  empty?: React.ReactNode;
} & React.ComponentProps<typeof Table>) {
  return (
    <Table {...tableProps}>
      <TableHeader>
        <TableRow>
          {columns.map((column) => (
            <TableHead key={column.id} className={column.headerClassName}>
              {column.header}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.length === 0 && empty !== undefined ? (
          <TableRow>
            <TableCell colSpan={columns.length} className="py-10 text-center text-muted-foreground">
              {empty}
            </TableCell>
          </TableRow>
        ) : (
          rows.map((row) => (
            <TableRow key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <TableCell key={column.id} className={column.className} {...column.cellProps?.(row)}>
                  {column.cell(row)}
                </TableCell>
              ))}
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
