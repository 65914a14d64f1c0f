// `node scripts/generate-icons.mjs`: rasterises app/icon.svg (the one drawing of the icon) into the
// PNGs a web app manifest, iOS and old browsers need. Run it after changing the SVG and commit the
// output: the PNGs are static files, so neither the build nor the server needs a browser or an
// image library. Renders with the same Chromium the e2e tests use.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const root = path.join(import.meta.dirname, "..");
const svg = fs.readFileSync(path.join(root, "app/icon.svg"), "utf8");
const tile = /<rect [^>]*fill="(#[0-9a-f]+)"/i.exec(svg)?.[1];
const bubble = /<path [^>]*\/>/.exec(svg)?.[0];
const dots = /<g [^>]*>[\s\S]*?<\/g>/.exec(svg)?.[0];
if (!tile || !bubble || !dots)
  throw new Error("app/icon.svg: expected a <rect fill>, a <path/> and a <g> of dots");

const wrap = (body) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${body}</svg>`;
/** The drawing shrunk around the centre, on a full-bleed square: platforms cut their own shape. */
const fullBleed = (scale) =>
  wrap(
    `<rect width="512" height="512" fill="${tile}"/><g transform="translate(256 256) scale(${scale}) translate(-256 -256)">${bubble}${dots}</g>`,
  );
// Android's notification badge uses only the alpha channel: a white bubble with the dots cut out.
const badge = wrap(
  `<defs><mask id="m"><rect width="512" height="512" fill="#fff"/>${dots.replace(/fill="#[0-9a-f]+"/i, 'fill="#000"')}</mask></defs><g mask="url(#m)" transform="translate(256 256) scale(1.3) translate(-256 -270)">${bubble}</g>`,
);

const outputs = [
  // Manifest icons ("any": the rounded tile with transparent corners).
  { file: "public/icons/icon-192.png", size: 192, svg },
  { file: "public/icons/icon-512.png", size: 512, svg },
  // "maskable": everything inside the 80 % safe circle.
  { file: "public/icons/icon-maskable-512.png", size: 512, svg: fullBleed(0.72) },
  { file: "public/icons/badge-96.png", size: 96, svg: badge },
  // iOS rounds the corners itself and paints transparency black: a full-bleed square.
  { file: "app/apple-icon.png", size: 180, svg: fullBleed(0.82) },
];
const favicon = [16, 32, 48];

const browser = await chromium.launch({
  executablePath:
    process.env.PLAYWRIGHT_CHROMIUM_PATH ??
    (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
});
const page = await browser.newPage({ deviceScaleFactor: 1 });

async function render(source, size) {
  await page.setViewportSize({ width: size, height: size });
  const src = `data:image/svg+xml;base64,${Buffer.from(source).toString("base64")}`;
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}img{display:block;width:${size}px;height:${size}px}</style><img src="${src}">`,
  );
  await page.locator("img").evaluate((img) => img.decode());
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

for (const { file, size, svg: source } of outputs) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), await render(source, size));
  console.log(`${file} (${size}×${size})`);
}

// favicon.ico for clients that ask for /favicon.ico without reading the page: PNG images inside an
// ICO container (supported by every current browser).
const images = [];
for (const size of favicon) images.push({ size, png: await render(svg, size) });
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // 1 = icon
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach(({ size, png }, i) => {
  const at = 6 + 16 * i;
  header.writeUInt8(size, at);
  header.writeUInt8(size, at + 1);
  header.writeUInt16LE(1, at + 4); // colour planes
  header.writeUInt16LE(32, at + 6); // bits per pixel
  header.writeUInt32LE(png.length, at + 8);
  header.writeUInt32LE(offset, at + 12);
  offset += png.length;
});
fs.writeFileSync(
  path.join(root, "app/favicon.ico"),
  Buffer.concat([header, ...images.map((i) => i.png)]),
);
console.log(`app/favicon.ico (${favicon.join(", ")})`);

await browser.close();
