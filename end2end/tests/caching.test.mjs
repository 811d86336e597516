// Built files carry the hash of their bytes in their names and are kept by the browser for a
// year (those cargo-leptos patches after naming them are checked with a 304 instead): a
// second visit downloads the HTML and nothing else. The service worker is blocked here so
// that what is measured is the HTTP cache alone (the worker's fetches go through it too).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, expectHydrated, signIn } from './support.mjs';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /\.[\w-]{22}\.[a-z]+$/;
// Checked each time: the split loader and manifest, the main .js and .wasm (patched after
// they are named) and wasm-bindgen's snippets (never renamed).
const CHECKED = /^\/pkg\/(__wasm_split|vein-to-vein\.[\w-]{22}\.(js|wasm)$|snippets\/)/;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Every response the page gets, from the DevTools protocol: where it came from and the
/// bytes that crossed the network (encodedDataLength, headers included).
async function recordNetwork(page) {
  const cdp = await page.context().newCDPSession(page);
  const byId = new Map();
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    // requestServedFromCache (the memory cache) comes first: keep what it said.
    const memory = byId.get(requestId)?.cached ?? false;
    byId.set(requestId, {
      path: new URL(response.url).pathname, type, status: response.status, headers,
      cached: memory || response.fromDiskCache || response.fromPrefetchCache || false, bytes: 0,
    });
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    byId.set(requestId, { ...(byId.get(requestId) ?? {}), cached: true });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = byId.get(requestId);
    if (entry) entry.bytes = encodedDataLength;
  });
  // A revalidated file is reported as its cached 200; the status on the wire (304) is here.
  const wire = new Map();
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => wire.set(requestId, statusCode));
  await cdp.send('Network.enable');
  return () => [...byId.entries()].filter(([, r]) => r.path).map(([id, r]) => ({ ...r, wire: wire.get(id) }));
}

const isAsset = (path) => path.startsWith('/pkg/') || /^\/[^/]+\.(js|css|png|svg|ico|webmanifest|woff2)$/.test(path);

test('built files are hashed and kept; a second visit downloads only the HTML', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', serviceWorkers: 'block' });
  try {
    const first = await context.newPage();
    const firstSeen = await recordNetwork(first);
    await signIn(first, 'patient.infused@demo.example');
    await first.waitForURL(`${BASE_URL}/`);
    // The home is plain HTML (no wasm); the inbox, in the same group, hydrates.
    await first.goto(`${BASE_URL}/inbox`);
    await expectHydrated(first);
    await first.waitForLoadState('networkidle');
    const pkg = firstSeen().filter((r) => r.path.startsWith('/pkg/') && r.status === 200);
    assert.ok(pkg.some((r) => r.path.endsWith('.css')) && pkg.some((r) => /split_home_pages/.test(r.path)), JSON.stringify(pkg.map((r) => r.path)));
    for (const { path, headers } of pkg) {
      if (!path.startsWith('/pkg/snippets/')) assert.match(path, HASHED, `${path} carries a hash`);
      const expected = CHECKED.test(path) ? 'no-cache' : IMMUTABLE;
      assert.equal(headers['cache-control'], expected, path);
    }
    assert.ok(pkg.filter((r) => r.headers['cache-control'] === IMMUTABLE).length >= 3, 'the stylesheet and the chunks are immutable');

    // Signing in empties the HTTP cache (Clear-Site-Data, for shared phones) and the home
    // page right after it comes from the tab's memory cache: a first visit in a new tab
    // fills the HTTP cache again. The second visit, in another new tab, is measured.
    const filling = await context.newPage();
    await filling.goto(`${BASE_URL}/inbox`);
    await expectHydrated(filling);
    await filling.waitForLoadState('networkidle');
    const second = await context.newPage();
    const errors = [];
    second.on('pageerror', (error) => errors.push(String(error)));
    const secondSeen = await recordNetwork(second);
    await second.goto(`${BASE_URL}/inbox`);
    await expectHydrated(second);
    await second.waitForLoadState('networkidle');
    const seen = secondSeen();
    const downloaded = seen.filter((r) => isAsset(r.path) && !r.cached && r.wire !== 304);
    assert.deepEqual(downloaded.map((r) => `${r.path} ${r.status}`), [], 'every asset from the cache or a 304');
    assert.ok(seen.some((r) => r.type === 'Document' && r.path === '/inbox' && !r.cached), 'the page itself is fetched');
    const total = seen.reduce((sum, r) => sum + (r.bytes ?? 0), 0);
    const html = seen.filter((r) => r.type === 'Document').reduce((sum, r) => sum + r.bytes, 0);
    const revalidated = seen.filter((r) => r.wire === 304).length;
    const fromCache = seen.filter((r) => r.cached).length;
    console.log(`second visit to the patient's inbox: ${total} bytes over the network (HTML ${html}); ` +
      `${seen.length} responses, ${fromCache} from the cache, ${revalidated} revalidated (304)`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
