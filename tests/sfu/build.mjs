// Bundles the SFU test page (harness/page.js with mediasoup-client and socket.io-client) into
// dist/, which the test serves through build/carrel --web-root.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
mkdirSync(path.join(here, "dist"), { recursive: true });
await build({
  entryPoints: [path.join(here, "harness/page.js")],
  bundle: true,
  format: "iife",
  target: "chrome110",
  outfile: path.join(here, "dist/sfu-harness.js"),
  logLevel: "warning",
});
copyFileSync(path.join(here, "harness/index.html"), path.join(here, "dist/index.html"));
