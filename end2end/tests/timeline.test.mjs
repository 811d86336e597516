import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn, screenshot, expectPlain } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function isoDaysFromNow(days) {
  const d = new Date(Date.now() + days * 86400000);
  return d.toISOString().slice(0, 10);
}

test('a patient waiting for delayed cells sees where they are, the delay and whom to call', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.waiting@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  assert.match(await page.locator('.day-counter').textContent(), /Waiting for your cells/);
  assert.match(await page.locator('.waiting').textContent(), /Delayed/);
  // Too few past treatments at the demo centre: the product's published figure, said to be one.
  assert.match(await page.locator('.waiting .published-wait').textContent(), /^Published figure for this product, not this centre's own: cells are usually ready \d+ to \d+ days after collection/);
  // The delayed step says "Delayed", and not "Overdue" as well: its date is still to come.
  const delayed = page.locator('.timeline li.delayed');
  assert.ok(await delayed.count() >= 1, 'a delayed step');
  assert.equal(await delayed.locator('.badge.late').count(), 0, 'no "Overdue" on a delayed step');
  assert.ok(await page.locator('a.call').isVisible(), 'the hotline is one tap away');
  assert.match(await page.locator('.next-step').textContent(), /Next step/);
  assert.equal(await page.locator('.timeline li[aria-current="step"]').count(), 1, 'one "you are here"');
  await expectAccessible(page, 'the patient timeline');
  await screenshot(page, 'patient-timeline');
  // And the steps themselves, "you are here" in the middle of the screen.
  await page.locator('.timeline li[aria-current="step"]').evaluate((step) => step.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'patient-timeline-steps');
  await page.getByRole('link', { name: 'Patient alert card' }).click();
  await page.waitForURL(/\/card$/);
  assert.match(await page.locator('.alert-card').textContent(), /cytokine release syndrome/);
  await expectAccessible(page, 'the alert card');
  // It prints on one page.
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
  assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, 'the alert card prints on one A4 page');
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 4\d\d/.test(e)), []);
});

test('a nurse previews and saves a delay, and everything after it moves', async () => {
  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await expectHydrated(nurse);
  const alex = nurse.locator('tr[data-patient-id]', { hasText: 'Alex Demo' });
  assert.match(await alex.locator('td').nth(2).textContent(), /Cells being made/, 'each patient shows their stage');
  await nurse.getByRole('link', { name: /Alex Demo/ }).click();
  await nurse.waitForURL(/\/patients\/\d+$/);
  await expectHydrated(nurse);
  const infusionBefore = await nurse.locator('.timeline li[data-key="infusion"] .when').textContent();
  await nurse.getByLabel('Milestone').selectOption('product_released');
  await nurse.getByLabel('Change', { exact: true }).selectOption('delay');
  await nurse.getByLabel('Date').fill(isoDaysFromNow(40));
  await nurse.locator('#edit-reason').fill('Manufacturing slot moved');
  await nurse.getByRole('button', { name: 'Preview' }).click();
  await nurse.waitForSelector('.preview li[data-key="infusion"]');
  await expectAccessible(nurse, 'the timeline editor with a preview');
  await nurse.getByRole('button', { name: 'Save change' }).click();
  // This change's notice: an earlier test may have left one of its own.
  await nurse.locator('.plan-changed', { hasText: 'Manufacturing slot moved' }).waitFor();
  const infusionAfter = await nurse.locator('.timeline li[data-key="infusion"] .when').textContent();
  assert.notEqual(infusionAfter, infusionBefore, 'the infusion moved');
  assert.match(await nurse.locator('.history').textContent(), /Manufacturing slot moved/);
  assert.deepEqual(nurse.consoleErrors.filter((e) => !/status of 4\d\d/.test(e)), []);
});
