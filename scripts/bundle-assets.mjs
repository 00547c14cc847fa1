// Builds the front-end assets installed by `npm ci` into app/static/vendor (generated, not committed):
//   htmx.min.js  copied from the htmx.org package;
//   editor.js    app/static/src/editor.js with CodeMirror 6, bundled and minified by esbuild;
//   attempt.js   app/static/src/attempt.js (countdown, autosave, events), minified by esbuild.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "app", "static", "vendor");
mkdirSync(vendor, { recursive: true });
copyFileSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(vendor, "htmx.min.js"));

const editor = join(vendor, "editor.js");
const bundle = (name) => build({
  absWorkingDir: root,
  entryPoints: [join(root, "app", "static", "src", name)],
  outfile: join(vendor, name),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  logLevel: "warning",
});
await Promise.all([bundle("editor.js"), bundle("attempt.js")]);
const kib = (path) => `${(statSync(path).size / 1024).toFixed(0)} KiB`;
console.log(`bundle-assets: ${relative(root, editor)} ${kib(editor)}, htmx.min.js ${kib(join(vendor, "htmx.min.js"))}`);
