// Bytes a phone downloads to open a page and make it interactive, raw and with brotli as
// the server sends them. Chromium records every request a page makes until it hydrates (or,
// for a page served without the wasm, until it has loaded)
// (the page's wasm chunks included); curl then asks the server for each one again, with
// and without `Accept-Encoding: br`.
// Usage: BASE_URL=http://127.0.0.1:3000 node end2end/first-load.mjs
// (start the release build in demo mode first: VTV_DEMO=true)
import { execFileSync } from 'node:child_process';
import { BASE_URL as BASE, launch, phonePage, expectReady, signIn } from './tests/support.mjs';

function size(url, brotli) {
  const args = ['-sf', '-o', '/dev/null', '-w', '%{size_download}'];
  if (brotli) args.push('-H', 'Accept-Encoding: br');
  return Number(execFileSync('curl', [...args, url]));
}

// The static files a page fetched (HTML pages behind a sign-in are measured by Chromium).
async function measure(page, open) {
  const urls = new Set();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === new URL(BASE).origin && !url.pathname.startsWith('/api')) urls.add(url.pathname);
  });
  await open();
  await expectReady(page);
  await page.waitForLoadState('networkidle');
  let raw = 0, br = 0;
  const rows = [];
  for (const path of [...urls].filter((p) => /\.(js|wasm|css|svg|webmanifest)$/.test(p)).sort()) {
    const row = [path, size(BASE + path, false), size(BASE + path, true)];
    rows.push(row); raw += row[1]; br += row[2];
  }
  return { rows, raw, br, files: rows.length };
}

const browser = await launch();
const results = [];
try {
  const anonymous = await phonePage(browser);
  results.push(['/login', await measure(anonymous, () => anonymous.goto(`${BASE}/login`))]);
  const patient = await phonePage(browser);
  await signIn(patient, 'patient.infused@demo.example');
  await patient.waitForURL(`${BASE}/`);
  const fresh = await phonePage(browser);
  await fresh.context().addCookies(await patient.context().cookies());
  results.push(['/ (patient)', await measure(fresh, () => fresh.goto(`${BASE}/`))]);
  // The diary's link on the home page names the patient; open it as a first visit.
  const href = await fresh.locator('[data-checkin="diary"] a').first().getAttribute('href');
  const diary = await phonePage(browser);
  await diary.context().addCookies(await patient.context().cookies());
  results.push([href, await measure(diary, () => diary.goto(new URL(href, BASE).href))]);
} finally {
  await browser.close();
}
for (const [name, { rows, raw, br, files }] of results) {
  console.log(`\n${name}: ${files} files, ${raw} B raw, ${br} B brotli (HTML not counted)`);
  for (const [path, r, b] of rows) console.log(`  ${path.padEnd(70)} ${String(r).padStart(9)} ${String(b).padStart(9)}`);
}
