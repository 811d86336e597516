import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a nurse the admin makes waits for a nurse of the centre; the admin deactivates and reactivates; axe', async () => {
  const admin = await phonePage(browser);
  await signIn(admin, 'admin@demo.example');
  await admin.waitForURL(`${BASE_URL}/`);
  await expectHydrated(admin);
  const email = `new.nurse.${Date.now()}@example.org`;
  await admin.locator('#staff-role').selectOption('nurse');
  await admin.locator('#staff-centre option').nth(1).waitFor({ state: 'attached' });
  await admin.locator('#staff-centre').selectOption({ index: 1 });
  await admin.locator('#staff-name').fill('New Nurse');
  await admin.locator('#staff-email').fill(email);
  await admin.getByRole('button', { name: 'Add', exact: true }).click();
  await admin.locator('[data-code]').first().waitFor();

  // Not the admin who made it: a nurse of the centre sees it waiting, and confirms it.
  await admin.reload();
  await expectHydrated(admin);
  assert.equal(await admin.locator('[data-awaiting-accounts]').count(), 0, 'the maker is not asked to confirm');
  const row = admin.locator('tr', { hasText: email });
  assert.match(await row.textContent(), /waiting for confirmation/);
  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await expectHydrated(nurse);
  const waiting = nurse.locator('[data-awaiting-accounts] li', { hasText: email });
  await waiting.waitFor();
  await expectAccessible(nurse, 'the nurse home with an account waiting');
  await waiting.getByRole('button', { name: 'Confirm' }).click();
  await waiting.waitFor({ state: 'detached' });

  // Deactivate, then reactivate, from the admin's list.
  await admin.reload();
  await expectHydrated(admin);
  assert.doesNotMatch(await row.textContent(), /waiting for confirmation/);
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await admin.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await admin.reload();
  await expectHydrated(admin);
  assert.match(await row.textContent(), /deactivated/);
  await expectAccessible(admin, 'the admin home with a deactivated account');
  await row.getByRole('button', { name: 'Reactivate' }).click();
  await admin.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await admin.reload();
  assert.doesNotMatch(await row.textContent(), /deactivated/);
});
