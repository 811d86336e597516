import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectCheckinForm, expectHydrated, expectPlain, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The wasm files a page fetched, by name.
function recordWasm(page) {
  const fetched = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) fetched.push(path.split('/').pop());
  });
  return fetched;
}

test('a page downloads only its own code: the sign-in page none, the home page its chunk', async () => {
  const page = await phonePage(browser);
  const fetched = recordWasm(page);
  await page.goto(`${BASE_URL}/login`);
  await expectPlain(page);
  await page.waitForLoadState('networkidle');
  // The service worker may keep the wasm for offline use meanwhile; the page asks for none.
  assert.deepEqual(fetched, [], 'no wasm on /login');

  // Signing in lands on the patient's home, plain HTML too. The diary loads its small engine
  // alone; the app's wasm comes with the first page that needs it (the inbox), with that
  // page's chunk and not the check-in's.
  await page.getByLabel('Email').fill('patient.infused@demo.example');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(fetched, [], "no wasm on the patient's home");
  await page.locator('[data-checkin="diary"] a').first().click();
  await page.waitForURL(/\/checkins\/symptom-diary/);
  await expectCheckinForm(page);
  assert.deepEqual(fetched, ['checkin-engine.wasm'], 'the diary loads its engine alone');
  await page.goto(`${BASE_URL}/inbox`);
  await expectHydrated(page);
  // vein-to-vein.wasm, or vein-to-vein.<hash>.wasm when the build hashes file names.
  assert.ok(fetched.some((name) => /^vein-to-vein(\.[\w-]{22})?\.wasm$/.test(name)), `main wasm in ${fetched}`);
  assert.ok(fetched.some((name) => /^split_home_pages/.test(name)), `home chunk in ${fetched}`);
  assert.ok(!fetched.some((name) => /^split_checkin_page/.test(name)), `no check-in chunk on the inbox: ${fetched}`);
  assert.deepEqual(page.consoleErrors, []);
});

test('a page opened directly hydrates with its chunk, and its buttons work', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  const fetched = recordWasm(page);
  await page.goto(`${BASE_URL}/flags`);
  await expectHydrated(page);
  assert.ok(fetched.some((name) => /^split_staff_pages/.test(name)), `queue chunk in ${fetched}`);
  assert.deepEqual(page.consoleErrors, []);
});
