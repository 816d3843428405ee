// Bundles the extension (Node, CommonJS, `vscode` external) into dist/ and each feature's
// webview (src/features/<feature>/webview/main.ts, browser IIFE, with the styles.css it
// imports) into media/dist/<feature>.js and media/dist/<feature>.css.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const featuresDir = 'src/features';
const webviewEntries = readdirSync(featuresDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(featuresDir, d.name, 'webview', 'main.ts')))
  .map((d) => ({ in: join(featuresDir, d.name, 'webview', 'main.ts'), out: d.name }));

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // msgpackr-extract is msgpackr's optional native speed-up: not bundleable, and msgpackr
    // falls back to pure JS without it.
    external: ['vscode', 'msgpackr-extract'],
    // ESM entry points first: jsonc-parser's UMD build loads its parts with dynamic
    // require() calls that a bundle cannot resolve.
    mainFields: ['module', 'main'],
    sourcemap: true,
    minify: production,
    logLevel: 'info',
  },
];
if (webviewEntries.length > 0) {
  builds.push({
    entryPoints: webviewEntries,
    outdir: 'media/dist',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: true,
    minify: production,
    logLevel: 'info',
  });
}

// The zstd compressor is WebAssembly: @bokuweb/zstd-wasm reads zstd.wasm from beside the
// code that loads it, which in the bundle is dist/.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/@bokuweb/zstd-wasm/dist/common/zstd.wasm', 'dist/zstd.wasm');
// VS Code's own icon font for the webviews (codicon.css loads codicon.ttf from beside it).
mkdirSync('media/dist', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `media/dist/${file}`);
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
