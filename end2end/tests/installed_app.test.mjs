// The installed app: installable (no installability errors, in a persistent context, as
// default contexts are incognito), and a cold start without signal opens the offline page
// from the kept app shell, hydrated, with the emergency numbers as tel: links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BASE_URL, expectAccessible, expectHydrated, expectPlain, persistent, shellKept } from './support.mjs';

test('the app is installable and opens offline from a cold start', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vtv-installed-'));
  try {
    let context = await persistent(dir);
    const workerSaid = [];
    context.on('serviceworker', (w) => w.on('console', (m) => workerSaid.push(m.text())));
    let page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${BASE_URL}/login`);
    await expectPlain(page);
    const kept = await shellKept(page);
    console.log(`shell: ${kept.listed.length} files listed, all kept after ${kept.rounds} rounds of 250 ms`);
    assert.equal(kept.names.length, 1, `one shell cache: ${kept.names}`);
    // The built files may carry a content hash in their names (vein-to-vein.<hash>.wasm).
    const built = (ext) => new RegExp(`^/pkg/vein-to-vein(\\.[\\w-]{22})?\\.${ext}$`);
    for (const needed of ['/offline', '/manifest.webmanifest', '/icon-192.png', built('wasm'), built('js'), built('css')]) {
      const found = typeof needed === 'string' ? kept.paths.includes(needed) : kept.paths.some((p) => needed.test(p));
      assert.ok(found, `${needed} kept: ${kept.paths}; the worker said ${workerSaid}`);
    }
    assert.ok(!kept.paths.some((p) => p.includes('staff_pages')), `no staff pages kept: ${kept.paths}`);

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'Chromium finds the app installable');
    const manifest = await (await page.request.get(`${BASE_URL}/manifest.webmanifest`)).json();
    assert.equal(manifest.id, '/');
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512'), 'a maskable icon');
    assert.deepEqual(manifest.shortcuts.map((s) => s.url), ['/#checkins', '/#hotline']);
    for (const shot of manifest.screenshots) {
      assert.equal((await page.request.get(`${BASE_URL}${shot.src}`)).status(), 200, shot.src);
    }
    assert.equal((await page.request.get(`${BASE_URL}/apple-touch-icon.png`)).status(), 200);
    await context.close();

    // Days later, in a basement: the app is opened with no network at all.
    context = await persistent(dir);
    await context.setOffline(true);
    page = context.pages()[0] ?? await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL(`${BASE_URL}/offline`);
    await expectHydrated(page);
    await page.getByRole('heading', { name: 'No connection' }).waitFor();
    const emergency = page.locator('a[href="tel:112"]');
    assert.equal(await emergency.count(), 1, 'the emergency number, one tap away');
    const box = await emergency.boundingBox();
    assert.ok(box && box.height >= 44, `a 44 px target: ${JSON.stringify(box)}`);
    await expectAccessible(page, 'the offline page');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
