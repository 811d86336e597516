import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn, screenshot, expectPlain } from './support.mjs';

// run.sh seeds synthetic patients (consented, at real centres) beside the demo centre,
// whose patients never enter exports.
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signedIn(email) {
  const page = await phonePage(browser);
  await signIn(page, email);
  await page.waitForURL(`${BASE_URL}/`);
  // A patient's home is served without the wasm; staff homes hydrate.
  if (email.startsWith('patient.')) await expectPlain(page);
  else await expectHydrated(page);
  return page;
}

async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile(await file.path());
}

test('a researcher makes a pseudonymised export of their approved project and downloads it whole and file by file', async () => {
  const page = await signedIn('researcher@demo.example');
  await page.getByRole('heading', { name: 'New pseudonymised export' }).waitFor();
  await expectAccessible(page, 'the export page');
  await page.locator('li', { hasText: 'Demo study:' }).waitFor();
  await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Demo study' });

  await page.getByLabel('Item-level answers').check();
  await page.getByLabel('FHIR R4 QuestionnaireResponse (NDJSON)').check();
  await page.getByRole('button', { name: 'Make the export' }).click();
  const ready = page.locator('#export-ready');
  await ready.getByRole('heading', { name: 'Export ready' }).waitFor();
  assert.match(await ready.getByRole('status').textContent(), /^About \d*[05] patients \(k = 5\), data through \d{4}-\d{2}\. Pseudonymised/);

  const items = (await download(page, ready.getByRole('link', { name: 'items.csv' }))).toString('utf8');
  assert.match(items, /^research_id,timepoint,week,weeks_after_due,instrument,version,reported_by,item,value\r\n[0-9a-f]{16},(baseline|waiting|D0-D28|apheresis-D365|D\d+|Y\d+|unscheduled),-?\d*,\d*,/);
  assert.doesNotMatch(items, /\d{4}-\d{2}-\d{2}/, 'no calendar date');
  const zip = await download(page, ready.getByRole('link', { name: 'Download everything (zip)' }));
  assert.equal(zip.subarray(zip.length - 22, zip.length - 18).toString('latin1'), 'PK\x05\x06', 'a whole zip');
  await ready.getByText('Download complete.').waitFor();
  await expectAccessible(page, 'the export page with an export');
  await ready.scrollIntoViewIfNeeded();
  await screenshot(page, 'research-export');
  assert.deepEqual(page.consoleErrors, []);
});

test('a patient gives and withdraws consent to research use in their settings', async () => {
  const page = await signedIn('patient.waiting@demo.example');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`${BASE_URL}/settings`);
  await expectHydrated(page);
  const card = page.locator('#research-consent');
  await card.getByText('Not recorded yet').waitFor();
  await card.getByRole('button', { name: 'I agree to research use of my data' }).click();
  await card.getByRole('status').filter({ hasText: /Consent given on [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} \(in the app\)/ }).waitFor();
  await card.getByRole('button', { name: 'Withdraw my consent' }).click();
  await card.getByRole('status').filter({ hasText: 'left out of every later export' }).waitFor();
  await expectAccessible(page, 'settings with consent');
  assert.deepEqual(page.consoleErrors, []);
});

test('a nurse records consent signed on paper, with the day it was signed', async () => {
  const page = await signedIn('nurse@demo.example');
  await page.getByRole('link', { name: 'Sam Demo (infused)' }).first().click();
  await page.waitForURL(/\/patients\/\d+$/);
  await expectHydrated(page);
  const card = page.locator('#research-consent');
  await card.getByRole('button', { name: 'Record consent signed on paper' }).waitFor();
  await card.getByLabel('Day the paper form was signed').fill('2026-11-20');
  await card.getByRole('button', { name: 'Record consent signed on paper' }).click();
  await card.getByRole('status').filter({ hasText: 'Consent given on Fri 20 Nov 2026 (on paper)' }).waitFor();
  await card.getByRole('button', { name: 'Record withdrawal of consent' }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
});
