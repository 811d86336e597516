import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn, expectPlain } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('reminders are one tap away in the header, and the inbox passes axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.waiting@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  await page.getByRole('link', { name: 'Reminders' }).click();
  await page.waitForURL(`${BASE_URL}/inbox`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Reminders');
  // Either reminders that have come, or the sentence saying where they will appear.
  await page.locator('ul.inbox, p.muted').first().waitFor();
  await expectAccessible(page, '/inbox');
  assert.deepEqual(page.consoleErrors, []);
});
