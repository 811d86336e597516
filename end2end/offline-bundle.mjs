// The size of what draws the plan and the check-ins offline: the offline page's wasm chunks
// (its own and the shared ones it loads, from the splitter's manifest) and the two scripts
// of the offline store, raw and with brotli (quality 11, as precompressed). They are loaded
// after the first paint and sit outside the first-load budgets.
// Usage: node end2end/offline-bundle.mjs [target/site]   (after a release build with --split)
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';

const site = process.argv[2] ?? 'target/site';
// __wasm_split_manifest.json, or __wasm_split_manifest.<hash>.json with hashed file names.
const manifestName = readdirSync(path.join(site, 'pkg')).find((f) => /^__wasm_split_manifest(\.[\w-]{22})?\.json$/.test(f));
const manifest = JSON.parse(readFileSync(path.join(site, 'pkg', manifestName ?? '__wasm_split_manifest.json'), 'utf8'));
const chunks = Object.entries(manifest)
  .filter(([group]) => group.startsWith('offline_page'))
  .flatMap(([, files]) => files.map((f) => `pkg/${f}.wasm`));
const files = [...new Set(chunks), 'offline-store.js', 'offline.js'];
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
let raw = 0, br = 0;
console.log('| file | raw bytes | brotli |');
console.log('|---|---:|---:|');
for (const file of files) {
  const bytes = readFileSync(path.join(site, file));
  raw += bytes.length; br += brotli(bytes);
  console.log(`| ${file} | ${bytes.length} | ${brotli(bytes)} |`);
}
console.log(`| total | ${raw} | ${br} |`);
