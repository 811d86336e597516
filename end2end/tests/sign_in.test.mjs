import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectPlain, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the sign-in page renders without the wasm, runs its scripts under the CSP and passes axe', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/login`);
  await expectPlain(page);
  assert.match(await page.textContent('.demo'), /Demo centre/);
  // The plain scripts of public/ still run: push.js registers the service worker.
  await page.waitForFunction(async () => Boolean(await navigator.serviceWorker.getRegistration()), null, { timeout: 10000 });
  await expectAccessible(page, '/login');
  assert.deepEqual(page.consoleErrors, []);
});

test('a wrong password shows a message the person can act on', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'nurse@demo.example', 'not the password');
  await page.waitForURL(/error=failed/);
  assert.match(await page.getByRole('alert').textContent(), /do not match an account/);
  await expectAccessible(page, '/login?error=failed');
});

test('a nurse signs in, sees the patients of the centre, and signs out', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectHydrated(page);
  assert.match(await page.textContent('h1'), /Patients at Demo Centre/);
  // The three demo patients (other tests may have enrolled more in the same database).
  const names = await page.locator('[data-patient-id] td:first-child > a').allTextContents();
  for (const name of ['Alex Demo', 'Sam Demo', 'Robin Demo']) {
    assert.ok(names.some((n) => n.startsWith(name)), `${name} in ${names}`);
  }
  await expectAccessible(page, 'the nurse home');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/notice=signed-out/);
  assert.match(await page.getByRole('status').textContent(), /signed out/);
  assert.deepEqual(page.consoleErrors, []);
});

test('a patient sees the hotline one tap away', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.waiting@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  const call = page.locator('a.call');
  assert.equal(await call.getAttribute('href'), 'tel:+3216000000');
  assert.ok(await call.isVisible());
  await expectAccessible(page, 'the patient home');
});

test('the admin, researcher and caregiver homes and the code page pass axe', async () => {
  for (const [email, heading] of [
    ['admin@demo.example', /Accounts/],
    ['researcher@demo.example', /Research exports/],
    ['caregiver@demo.example', /Caring for/],
  ]) {
    const page = await phonePage(browser);
    await signIn(page, email);
    await page.waitForURL(`${BASE_URL}/`);
    assert.match(await page.textContent('h1'), heading);
    await expectAccessible(page, `the home of ${email}`);
  }
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/invitation`);
  await expectPlain(page);
  await expectAccessible(page, '/invitation');
});

test('at 200% zoom on a phone the pages reflow without sideways scrolling', async () => {
  // 200% zoom of a 390 px wide phone lays the page out in 195 CSS pixels.
  const context = await browser.newContext({ viewport: { width: 195, height: 422 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  for (const path of ['/login', '/invitation']) {
    await page.goto(`${BASE_URL}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
  }
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the patient home scrolls sideways by ${overflow}px`);
  assert.ok(await page.locator('a.call').isVisible());
  await context.close();
});
