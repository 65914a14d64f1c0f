import { DownloadIcon } from "lucide-react";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// The parts /audit and /history share: both are server-rendered logs with their filters in the
// URL, a CSV export of what is filtered, and a list of the filters the URL got wrong.

type HeaderProps = {
  title: string;
  description: string;
  /** The export route with the page's filters; null while the filters are invalid. */
  exportHref: string | null;
  exportLabel: string;
  exportHint: string;
};

export function LogPageHeader({ title, description, exportHref, exportLabel, exportHint }: HeaderProps) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      {exportHref ? (
        <Button variant="outline" asChild>
          {/* A plain link: the route answers with a download, never a page to prefetch. */}
          <a href={exportHref} download title={exportHint}>
            <DownloadIcon />
            {exportLabel}
          </a>
        </Button>
      ) : null}
    </div>
  );
}

/** Which filters in the URL are invalid, one line each; nothing when all are fine. */
export function InvalidFiltersAlert({ title, problems }: { title: string; problems: { field: string; text: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert variant="destructive" className="rounded-lg p-4">
      <AlertTitle>{title}</AlertTitle>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((problem) => (
          <li key={problem.field}>{problem.text}</li>
        ))}
      </ul>
    </Alert>
  );
}
