import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE_URL, launch, phonePage, expectAccessible, expectReady, signIn } from './support.mjs';
import { diaryWithFever } from './pages.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient reads their results: the charts, each answer in words, and what the team was told', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  // A fever in the diary first: the team is alerted, and the results say so.
  await page.locator('[data-checkin="diary"] a').click();
  await page.waitForURL(/\/checkins\/symptom-diary/);
  await diaryWithFever(page);
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'My results' }).click();
  await page.waitForURL(`${BASE_URL}/results`);
  await expectReady(page);
  assert.match(await page.locator('h1').textContent(), /My results/);
  // The temperature chart with the fever line, described in words.
  const temperature = page.locator('figure.trend', { hasText: 'Temperature' });
  await temperature.waitFor();
  assert.equal(await temperature.locator('line.threshold').count(), 1, 'the fever line');
  assert.match(await page.getByText(/the line marks a fever \(38(\.0)? °C\)/).textContent(), /call your care team at once/);
  const latest = page.locator('li[data-response]').first();
  assert.equal(await latest.getAttribute('data-told'), 'AtOnce');
  await latest.locator('summary').click();
  assert.match(await latest.textContent(), /Your care team was alerted at once\./);
  assert.match(await latest.textContent(), /38[.,]9/);
  // Download my data: the PDF by its link, as a download; the FHIR record read as JSON.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a[data-download="summary"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'my-summary.pdf');
  assert.equal((await readFile(await download.path())).subarray(0, 5).toString(), '%PDF-');
  assert.equal(page.url(), `${BASE_URL}/results`, 'the page stays where it was');
  const record = await page.request.get(`${BASE_URL}/my-data/record.fhir.json`);
  assert.equal(record.status(), 200);
  const bundle = await record.json();
  assert.equal(bundle.resourceType, 'Bundle');
  assert.ok(bundle.entry.some((e) => e.resource.resourceType === 'Flag'), 'the fever flag');
  await expectAccessible(page, 'my results');
  assert.deepEqual(page.consoleErrors, []);
});

test("a caregiver is not shown the patient's results", async () => {
  const page = await phonePage(browser);
  await signIn(page, 'caregiver@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  assert.equal(await page.getByRole('link', { name: 'My results' }).count(), 0);
  await page.goto(`${BASE_URL}/results`);
  await page.locator('p.feedback.error[role="alert"]').waitFor();
  assert.equal(await page.locator('a[data-download]').count(), 0, 'nor their record to download');
  await expectAccessible(page, 'the results page refused to a caregiver');
});
