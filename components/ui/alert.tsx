import { cva, type VariantProps } from "class-variance-authority";
import type * as React from "react";
import { cn } from "@/lib/utils";

// A banner on theme tokens (app/globals.css): the same tones as Badge, readable in both themes.
const alertVariants = cva("rounded-md border px-3 py-2 text-sm", {
  variants: {
    variant: {
      default: "border-border bg-card text-card-foreground",
      info: "border-info-border bg-info text-info-foreground",
      success: "border-success-border bg-success text-success-foreground",
      warning: "border-warning-border bg-warning text-warning-foreground",
      destructive: "border-danger-border bg-danger text-danger-foreground",
    },
  },
  defaultVariants: { variant: "default" },
});

/**
 * `role="alert"` interrupts a screen reader: right for an error the user just caused. A banner that
 * is simply there when the page opens passes `role="status"` instead.
 */
export function Alert({
  className,
  variant,
  role = "alert",
  ...props
}: React.ComponentProps<"div"> & VariantProps<typeof alertVariants>) {
  return (
    <div
      data-slot="alert"
      role={role}
      className={cn(alertVariants({ variant }), className)}
      {...props}
    />
  );
}

export function AlertTitle({ className, ...props }: React.ComponentProps<"p">) {
  return <p data-slot="alert-title" className={cn("font-medium", className)} {...props} />;
}

export { alertVariants };
