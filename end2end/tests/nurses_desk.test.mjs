import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn, sidewaysScroll } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// A desktop-sized page, where the board and the queue are tables that use the width.
async function deskPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') page.consoleErrors.push(message.text()); });
  return page;
}

test("the nurse's board finds a patient by order reference, sorts, and reflows on a phone", async () => {
  const page = await deskPage();
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectHydrated(page);
  const table = page.locator('table.board');
  assert.ok((await table.boundingBox()).width > 1000, 'the board uses the width of a desk screen');
  await page.getByLabel('Name or order reference').fill('demo-tis');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/q=demo-tis/);
  await page.locator('tr[data-patient-id]', { hasText: 'Sam Demo' }).waitFor();
  assert.equal(await page.locator('tr[data-patient-id]').count(), 1);
  await page.getByRole('link', { name: /^Nurse/ }).click();
  await page.waitForURL(/sort=nurse.*q=demo-tis/);
  assert.equal(await page.locator('th[aria-sort="ascending"]').textContent(), 'Nurse ▲');
  await expectAccessible(page, 'the nurse board on a desk');

  const phone = await phonePage(browser);
  await signIn(phone, 'nurse@demo.example');
  await phone.waitForURL(`${BASE_URL}/`);
  await expectHydrated(phone);
  assert.equal(await sidewaysScroll(phone), 0, 'the board stacks as cards on a phone');
  await expectAccessible(phone, 'the nurse board on a phone');
});

test('a day without a diary after infusion raises a silence flag, which a nurse snoozes', async () => {
  const page = await deskPage();
  await signIn(page, 'nurse@demo.example');
  await page.goto(`${BASE_URL}/flags`);
  await expectHydrated(page);
  // The demo's quiet patient (day 3) sends no diary: the watch raised it at start.
  const row = page.locator('tr[data-flag]', { hasText: 'Kim Demo' }).filter({ hasText: 'No symptom diary since' }).first();
  await row.waitFor();
  await expectAccessible(page, 'the flag queue with a silence');
  await row.getByLabel('Snooze for').selectOption('1');
  await row.getByRole('button', { name: 'Snooze' }).click();
  await page.locator('tr[data-flag]', { hasText: 'Kim Demo' }).filter({ hasText: 'No symptom diary since' }).waitFor({ state: 'detached' });
  assert.deepEqual(page.consoleErrors, []);
});

test('the review queue says how many flags it holds and sorts them on the server, by plain links', async () => {
  const page = await deskPage();
  await signIn(page, 'nurse@demo.example');
  await page.goto(`${BASE_URL}/flags`);
  await expectHydrated(page);
  const status = page.getByRole('status').filter({ hasText: /^Open flags 1–\d+ of \d+$/ });
  await status.waitFor();
  const [, shown, total] = (await status.textContent()).match(/1–(\d+) of (\d+)/).map(Number);
  assert.equal(await page.locator('tr[data-flag]').count(), shown);
  assert.ok(shown === Math.min(total, 50), `${shown} of ${total} on the first page`);
  // The queue is read again from the server, asked for that order.
  const asked = page.waitForResponse((r) => r.url().endsWith('/api/flags/queue') && (r.request().postData() ?? '').includes('=patient'));
  await page.getByRole('link', { name: /^Patient/ }).click();
  await page.waitForURL(/sort=patient/);
  assert.equal((await asked).status(), 200);
  // The rows come from the server in the new order (or the wait times out).
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('tr[data-flag] td:nth-child(2)')].map((td) => td.textContent.toLowerCase());
    return names.length > 0 && names.every((n, i) => i === 0 || names[i - 1] <= n) && document.querySelector('th[aria-sort="ascending"]');
  });
  assert.match(await page.locator('th[aria-sort="ascending"]').textContent(), /^Patient/);
  assert.deepEqual(page.consoleErrors, []);
});

test('nurses write a dated note on the patient page, and mark the patient admitted', async () => {
  const page = await deskPage();
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('tr[data-patient-id] a', { hasText: 'Robin Demo' }).click();
  await page.waitForURL(/\/patients\/\d+$/);
  await expectHydrated(page);
  const desk = page.locator('#desk');
  await desk.getByLabel('New note').fill('Called about the follow-up visit; will bring the diary.');
  await desk.getByRole('button', { name: 'Add the note' }).click();
  await desk.locator('.notes li', { hasText: 'Called about the follow-up visit' }).waitFor();
  assert.match(await desk.locator('.notes li').first().textContent(), /Demo Nurse/);
  await desk.getByRole('button', { name: 'Mark admitted' }).click();
  await desk.locator('[data-admitted="true"]').waitFor();
  await expectAccessible(page, "the patient's page with the nurses' desk");
  await desk.getByRole('button', { name: 'Mark back home' }).click();
  await desk.locator('[data-admitted="false"]').waitFor();
  assert.deepEqual(page.consoleErrors, []);
});

test("manufacturing turnaround: each product's months as charts drawn on the server, and tables", async () => {
  const page = await deskPage();
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Manufacturing turnaround' }).click();
  await page.waitForURL(/\/turnaround$/);
  await expectHydrated(page);
  // The demo's infused and follow-up patients had their cells released in the last 12 months.
  const cards = page.locator('section.turnaround');
  // The link navigates in the page: the cards come once the figures are fetched, after the
  // URL has changed (counted before that, it once found none). All come in one render.
  await cards.first().waitFor();
  assert.ok(await cards.count() >= 2, 'one card per product and model');
  const card = cards.filter({ hasText: 'Kymriah' });
  assert.ok(await card.locator('svg polygon.band').count() >= 1, 'the middle half drawn as a band');
  assert.match(await card.locator('svg').first().getAttribute('aria-label'), /Collection to release \(days\): \d{4}-\d{2}/);
  assert.equal(await card.locator('tbody tr').count(), 12, 'twelve months');
  await expectAccessible(page, 'the turnaround page');
  assert.deepEqual(page.consoleErrors, []);
});

test('the shift handover lists what is new, prints to PDF without its buttons, and is marked given', async () => {
  const page = await deskPage();
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Shift handover' }).click();
  await page.waitForURL(/\/handover$/);
  await expectHydrated(page);
  assert.match(await page.textContent('h1'), /Shift handover: Demo Centre/);
  // The demo's infused patient is at day +12, in the days 0–14 the handover lists.
  const sam = page.locator('table.watched tr', { hasText: 'Sam Demo' });
  assert.match(await sam.textContent(), /\+12/);
  await expectAccessible(page, 'the shift handover');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('button', { name: 'Mark this handover given' }).isVisible(), false, 'no buttons on paper');
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
  assert.ok(pdf.startsWith('%PDF-'), 'a PDF');
  assert.ok((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length >= 1, 'at least one page');
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'Mark this handover given' }).click();
  await page.getByText('Handover recorded').waitFor();
  assert.match(await page.locator('p', { hasText: 'New since the handover of' }).textContent(), /given by Demo Nurse/);
  assert.deepEqual(page.consoleErrors, []);
});
