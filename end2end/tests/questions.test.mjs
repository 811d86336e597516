import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient writes a question for the next visit, and the nurse reads it and marks it discussed', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Questions for the next visit' }).click();
  await page.waitForURL(/\/patients\/\d+#questions$/);
  await expectHydrated(page);
  const patientPath = new URL(page.url()).pathname;
  const panel = page.locator('#questions');
  assert.match(await panel.textContent(), /Next visit: /);
  assert.match(await panel.textContent(), /Not for anything urgent/);
  const question = `Can I swim in the sea after the discharge? (${Date.now()})`;
  await panel.getByLabel('Your question').fill(question);
  await panel.getByRole('button', { name: 'Add to the list' }).click();
  const mine = panel.locator('li[data-question]', { hasText: question });
  await mine.waitFor();
  assert.equal(await mine.getByRole('button', { name: 'Take back' }).count(), 1, 'the asker may take it back');
  await expectAccessible(page, 'the patient page with a question');

  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await nurse.goto(`${BASE_URL}${patientPath}`);
  await expectHydrated(nurse);
  const seen = nurse.locator('#questions li[data-question]', { hasText: question });
  await seen.waitFor();
  assert.equal(await nurse.locator('#questions textarea').count(), 0, 'the nurse does not write in the list');
  assert.equal(await seen.getByRole('button', { name: 'Take back' }).count(), 0);
  await seen.getByRole('button', { name: 'Mark as discussed' }).click();
  await nurse.locator('#questions li[data-open="false"]', { hasText: question }).waitFor();
  assert.match(await nurse.locator('#questions li[data-open="false"]', { hasText: question }).textContent(), /discussed on/);
  await expectAccessible(nurse, 'the nurse reading the questions');

  // The patient sees that it was discussed, and can no longer take it back.
  await page.reload();
  await expectHydrated(page);
  const discussed = page.locator('#questions li[data-open="false"]', { hasText: question });
  await discussed.waitFor();
  assert.equal(await discussed.getByRole('button', { name: 'Take back' }).count(), 0);
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(nurse.consoleErrors, []);
});
