import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient invites a caregiver: a code and an "invited" row, the same for an email that has an account; withdraw; axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.followup@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
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
  await expectAccessible(page, "the patient's home with invitations waiting");

  for (const email of ['robin.', 'nurse@demo.example']) {
    const row = page.locator('li[data-invitation-id]', { hasText: email });
    await row.getByRole('button', { name: 'Withdraw the invitation' }).click();
    await row.waitFor({ state: 'detached' });
  }
});
