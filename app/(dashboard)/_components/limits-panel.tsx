import type * as React from "react";

/** The frame of a limits panel (/keys, /team): a titled section with its explanation. */
export function LimitsPanel({ id, title, intro, children }: { id: string; title: string; intro: string; children: React.ReactNode }) {
  return (
    <section className="grid gap-2" aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="text-sm text-muted-foreground">{intro}</p>
      {children}
    </section>
  );
}
