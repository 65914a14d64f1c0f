"use client";

import { useTheme } from "next-themes";
import { Toaster as Sonner, type ToasterProps } from "sonner";

export function Toaster(props: ToasterProps) {
  // Toasts follow the app's theme (sonner draws its own colours otherwise).
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      position="bottom-right"
      richColors
      closeButton
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      {...props}
    />
  );
}
