// Builds the eval corpus's generated files (git-ignored):
// - every evals/site/<family>/src/<name>.jsx is bundled with React by esbuild into
//   evals/site/<family>/<name>.bundle.js (src/index.jsx into bundle.js);
// - Vue's global production build is copied into evals/site/vendor/vue.global.prod.js.
// esbuild, React and Vue come from widget/node_modules (widget devDependencies).
// Usage: node evals/build.mjs
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const widgetModules = join(repo, "widget", "node_modules");
if (!existsSync(join(widgetModules, "esbuild"))) {
  console.error("evals/build.mjs: widget/node_modules is missing; run `make setup` first");
  process.exit(1);
}
const { build } = createRequire(join(repo, "widget", "package.json"))("esbuild");
const site = join(here, "site");

function reactEntries() {
  const entries = [];
  for (const family of readdirSync(site, { withFileTypes: true })) {
    const src = join(site, family.name, "src");
    if (!family.isDirectory() || !existsSync(src)) continue;
    for (const file of readdirSync(src)) {
      if (!/\.(jsx|tsx)$/.test(file)) continue;
      const stem = file.replace(/\.(jsx|tsx)$/, "");
      const out = stem === "index" ? "bundle.js" : `${stem}.bundle.js`;
      entries.push([join(src, file), join(site, family.name, out)]);
    }
  }
  return entries;
}

const entries = reactEntries();
await Promise.all(
  entries.map(([entry, outfile]) =>
    build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      format: "iife",
      jsx: "automatic",
      target: ["es2020"],
      nodePaths: [widgetModules],
      define: { "process.env.NODE_ENV": '"production"' },
      logLevel: "warning",
    }),
  ),
);

const vendor = join(site, "vendor");
mkdirSync(vendor, { recursive: true });
copyFileSync(join(widgetModules, "vue", "dist", "vue.global.prod.js"), join(vendor, "vue.global.prod.js"));
console.log(`evals: ${entries.length} React bundle(s), vendor/vue.global.prod.js`);
