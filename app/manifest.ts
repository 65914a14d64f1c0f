import type { MetadataRoute } from "next";
import { getTranslations } from "next-intl/server";

// Served at /manifest.webmanifest (Next.js links it from every page): lets operators put the
// dashboard on a phone's home screen. The manifest has one theme colour (no per-scheme variant
// in the spec yet); the browser bar's light/dark colours come from the viewport meta tags in
// app/layout.tsx. The icons are public files (scripts/generate-icons.mjs), reachable signed out.
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = await getTranslations("app");
  return {
    id: "/activations",
    name: t("title"),
    short_name: t("title"),
    description: t("tagline"),
    start_url: "/activations",
    scope: "/",
    display: "standalone",
    // The brand teal reads the same on a light or a dark phone (one colour only, see above).
    background_color: "#0f766e",
    theme_color: "#0f766e",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      {
        src: "/icons/icon-maskable-512.png",
        sizes: "512x512",
        type: "image/png",
        purpose: "maskable",
      },
    ],
  };
}
