import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, expectPlain, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient invites a caregiver: a code and an "invited" row, the same for an email that has an account; withdraw; axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.followup@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  // The home lists them; inviting and removing are on their own page.
  await page.getByRole('link', { name: 'Invite or remove a caregiver' }).click();
  await page.waitForURL(/\/caregivers\?patient=\d+$/);
  await expectHydrated(page);
  // The nurse's email has an account; the page must not say so.
  for (const [name, email] of [['Robin', `robin.${Date.now()}@example.org`], ['Nurse?', 'nurse@demo.example']]) {
    await page.locator('#caregiver-name').fill(name);
    await page.locator('#caregiver-email').fill(email);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const row = page.locator('li[data-invitation-id]', { hasText: email });
    await row.waitFor();
    assert.match(await row.textContent(), /invited, has not joined yet/);
    assert.match(await page.locator('[data-code]').last().textContent(), /\w{4}/);
    assert.equal(await page.locator('.feedback.error').count(), 0, `no error for ${email}`);
  }
  await expectAccessible(page, "the patient's caregivers with invitations waiting");
  // The home, served without the wasm, lists them too.
  await page.getByRole('link', { name: 'Back to the start page' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  assert.match(await page.locator('#caregivers').textContent(), /Robin \(robin\.\d+@example\.org\) — invited, has not joined yet/);
  await page.getByRole('link', { name: 'Invite or remove a caregiver' }).click();
  await expectHydrated(page);

  for (const email of ['robin.', 'nurse@demo.example']) {
    const row = page.locator('li[data-invitation-id]', { hasText: email });
    await row.getByRole('button', { name: 'Withdraw the invitation' }).click();
    await row.waitFor({ state: 'detached' });
  }
});
