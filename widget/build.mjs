// Builds the one embed file the server serves at GET /embed.js, and the test fixture
// bundles (a React-controlled form) that the browser tests load.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const embedOut = join(repo, "src/leflux/static/embed.js");

await build({
  entryPoints: [join(here, "src/index.ts")],
  outfile: embedOut,
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2020", "chrome90", "firefox90", "safari14"],
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

// Compressed once here so the server never compresses per request; the manifest names the
// bytes they encode, so the server ignores copies left over from an older build.
const bytes = readFileSync(embedOut);
const gz = gzipSync(bytes, { level: 9 });
const br = brotliCompressSync(bytes, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  },
});
writeFileSync(`${embedOut}.gz`, gz);
writeFileSync(`${embedOut}.br`, br);
const sha256 = createHash("sha256").update(bytes).digest("hex");
writeFileSync(join(dirname(embedOut), "embed.manifest.json"), JSON.stringify({ sha256 }) + "\n");
const kb = (n) => (n / 1024).toFixed(1);
console.log(`embed.js: ${kb(bytes.length)} KB, ${kb(gz.length)} KB gzip, ${kb(br.length)} KB brotli`);

// Fixture bundles for tests/e2e/pages (generated, gitignored): test apps and the harness
// that runs the embed's page code alone in Chromium.
const fixtures = [
  ["tests/e2e/pages/react/app.jsx", "tests/e2e/pages/react/bundle.js"],
  ["tests/e2e/pages/todo/react-app.jsx", "tests/e2e/pages/todo/react-bundle.js"],
  ["tests/e2e/pages/todo/vue-app.js", "tests/e2e/pages/todo/vue-bundle.js"],
  ["widget/test/harness.ts", "tests/e2e/pages/harness.js"],
];
for (const [src, out] of fixtures) {
  if (!existsSync(join(repo, src))) continue;
  await build({
    entryPoints: [join(repo, src)],
    outfile: join(repo, out),
    bundle: true,
    minify: true,
    format: "iife",
    jsx: "automatic",
    nodePaths: [join(here, "node_modules")],
    define: { "process.env.NODE_ENV": '"production"', __VUE_OPTIONS_API__: "true",
      __VUE_PROD_DEVTOOLS__: "false", __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false" },
    logLevel: "warning",
  });
}
