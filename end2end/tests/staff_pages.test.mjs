import { test, before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the admin reads the audit log, filtered by patient, and the page passes axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'admin@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(/\/admin\/audit/);
  await expectHydrated(page);
  // The log is fetched after the page loads (its route renders no rows on the server).
  await page.locator('tbody tr').first().waitFor();
  assert.ok(await page.locator('tbody tr').count() > 0, 'the log lists entries');
  await page.getByLabel('Patient number').fill('5');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/patient=5/);
  // The address changes before the filtered rows come: wait for them (or time out).
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('tbody tr td:nth-child(4)')];
    return cells.length > 0 && cells.every((td) => td.textContent === '5');
  }).catch(() => {});
  const patients = await page.locator('tbody tr td:nth-child(4)').allTextContents();
  assert.ok(patients.length > 0 && patients.every((p) => p === '5'), `only patient 5: ${patients}`);
  await expectAccessible(page, '/admin/audit');

  // The log of today, downloaded from the page's form as the browser saves it.
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('First day (UTC)').fill(today);
  await page.getByLabel('Last day (UTC), included').fill(today);
  await page.getByLabel('Format').selectOption('csv');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  assert.equal(file.suggestedFilename(), `audit-${today}-${today}.csv`);
  const lines = (await readFile(await file.path(), 'utf8')).trim().split('\r\n');
  assert.equal(lines[0], 'id,at,actor_id,actor_role,action,patient_id,subject,client_addr,seal,digest');
  assert.ok(lines.some((l) => l.includes(',audit.read,')), 'the admin\'s own reads of the log, today');
  assert.match(lines.at(-1), /audit\.exported.*head:[0-9a-f]{64}/);
});

test('the change-password page and an unknown page pass axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'researcher@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Change password' }).click();
  await page.waitForURL(/\/account\/password/);
  await expectHydrated(page);
  await expectAccessible(page, '/account/password');
  const missing = await page.goto(`${BASE_URL}/no-such-page`);
  assert.equal(missing.status(), 404);
  await expectAccessible(page, 'the not-found page');
});

test('the admin makes an integration limited to one product, and the page passes axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'admin@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.goto(`${BASE_URL}/admin/integrations`);
  await expectHydrated(page);
  const name = `Kite EU ${Date.now()}`;
  await page.locator('#integration-name').fill(name);
  await page.getByRole('button', { name: 'Create integration' }).click();
  await page.locator('#integration-products-error').waitFor();
  assert.match(await page.locator('#integration-products-error').textContent(), /fill this in/i);
  await page.getByLabel('Yescarta (axicabtagene ciloleucel)').check();
  await page.getByLabel('Carvykti (ciltacabtagene autoleucel)').check();
  await page.getByRole('button', { name: 'Create integration' }).click();
  await page.locator('[data-secret]').waitFor();
  assert.match(await page.locator('[data-secret]').textContent(), /^whsec_/);
  const line = page.locator('li', { hasText: name });
  await line.waitFor();
  assert.match(await line.textContent(), /Reports on Yescarta \(axicabtagene ciloleucel\), Carvykti \(ciltacabtagene autoleucel\) · Every centre/);
  // The browser logs the first, refused submission (422); nothing else may fail.
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 422/.test(e)), []);
  await expectAccessible(page, '/admin/integrations');
});

test('the admin allows a hospital origin and adds a red-flag webhook on it; the page passes axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'admin@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Hospital systems' }).click();
  await page.waitForURL(/\/admin\/hospital-systems$/);
  await expectHydrated(page);
  const host = `pager${Date.now()}.hospital.example`;
  // An address on an origin nobody allowed is refused on its field.
  await page.locator('#hospital-webhook-name').fill(`Pager ${host}`);
  await page.locator('#hospital-webhook-url').fill(`https://${host}/vtv/flags`);
  await page.getByRole('button', { name: 'Add the webhook' }).click();
  await page.locator('#hospital-webhook-url-error').waitFor();
  assert.match(await page.locator('#hospital-webhook-url-error').textContent(), /not among the allowed origins/);
  await page.locator('#origin').fill(`HTTPS://${host.toUpperCase()}:443/`);
  await page.getByRole('button', { name: 'Allow this origin' }).click();
  await page.locator(`[data-origin="https://${host}"]`).waitFor();
  await page.getByRole('button', { name: 'Add the webhook' }).click();
  await page.locator('[data-secret]').waitFor();
  assert.match(await page.locator('[data-secret]').textContent(), /^whsec_/);
  const line = page.locator('li', { hasText: `Pager ${host}` });
  await line.waitFor();
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 422/.test(e)), []);
  await expectAccessible(page, '/admin/hospital-systems');
  // Stopped again, so that the demo's later red flags are not queued for a host that is not there.
  await line.getByRole('button', { name: 'Stop sending' }).click();
  await line.locator('.badge').waitFor();
});

test('the admin imports a questionnaire; a bad one lists each problem; the page passes axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'admin@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Questionnaires' }).click();
  await page.waitForURL(/\/admin\/questionnaires$/);
  await expectHydrated(page);
  const form = (target, version) => JSON.stringify({
    resourceType: 'Questionnaire', url: `https://centre.example/fhir/Questionnaire/e2e-${version}`, version: '1', title: 'E2E form',
    item: [{ linkId: 'a', text: 'A?', type: 'boolean' }, { linkId: 'b', text: 'B?', type: 'string', enableWhen: [{ question: target, operator: 'exists', answerBoolean: true }] }],
  });
  const stamp = Date.now();
  await page.locator('#questionnaire-json').fill(form('nope', stamp));
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText("item 'b': enableWhen refers to 'nope', which is not an item").waitFor();
  await page.locator('#questionnaire-json').fill(form('a', stamp));
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByText(`Imported e2e-${stamp}, version 1.`).waitFor();
  await page.locator(`[data-questionnaire="e2e-${stamp}"]`).waitFor();
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 422/.test(e)), []);
  await expectAccessible(page, '/admin/questionnaires');
});

test('an admin adds a triage rule, which waits until a nurse approves it; the page passes axe', async () => {
  const admin = await phonePage(browser);
  await signIn(admin, 'admin@demo.example');
  await admin.waitForURL(`${BASE_URL}/`);
  await admin.getByRole('link', { name: 'Check-in instruments' }).click();
  await admin.waitForURL(/\/admin\/instruments$/);
  await expectHydrated(admin);
  const id = `site-e2e-${Date.now()}`;
  const rule = (level, when) => JSON.stringify({ id, questionnaire: 'phq-4', level, when });
  await admin.getByLabel('Kind of rule').selectOption('triage');
  // A yes/no condition on a choice item: refused, the problem named.
  await admin.locator('#rule-json').fill(rule('high', { yes: { item: 'phq4-1' } }));
  await admin.getByRole('button', { name: 'Add the rule' }).click();
  await admin.getByText(`triage rule '${id}': item 'phq4-1' is not a yes/no question`).waitFor();
  await admin.locator('#rule-json').fill(rule('high', { score_at_least: { scale: 'total', value: 11 } }));
  await admin.getByRole('button', { name: 'Add the rule' }).click();
  await admin.getByRole('status').filter({ hasText: 'it waits for a nurse to approve it' }).waitFor();
  const waiting = admin.locator('[data-waiting^="triage-"]');
  await waiting.waitFor();
  assert.match(await waiting.textContent(), new RegExp(`added ${id}`));
  assert.equal(await waiting.getByRole('button', { name: 'Approve' }).count(), 0, 'an admin withdraws, a nurse approves');
  await expectAccessible(admin, '/admin/instruments (admin)');

  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await nurse.getByRole('link', { name: 'Check-in instruments' }).click();
  await nurse.waitForURL(/\/admin\/instruments$/);
  await expectHydrated(nurse);
  await expectAccessible(nurse, '/admin/instruments (nurse)');
  await nurse.locator('[data-waiting^="triage-"]').getByRole('button', { name: 'Approve' }).click();
  await nurse.getByRole('status').filter({ hasText: 'is saved and in force' }).waitFor();
  await nurse.locator(`[data-kind="triage"] [data-rule="${id}"]`).waitFor();
  // Taken out again (the demo's other tests keep the built-in rules): a removal waits too.
  await admin.reload();
  await expectHydrated(admin);
  await admin.locator(`[data-kind="triage"] [data-rule="${id}"]`).getByRole('button', { name: 'Remove' }).click();
  await admin.getByRole('status').filter({ hasText: 'it waits for a nurse to approve it' }).waitFor();
  await nurse.reload();
  await expectHydrated(nurse);
  await nurse.locator('[data-waiting^="triage-"]').getByRole('button', { name: 'Approve' }).click();
  await nurse.getByRole('status').filter({ hasText: 'is saved and in force' }).waitFor();
  assert.equal(await nurse.locator(`[data-kind="triage"] [data-rule="${id}"]`).count(), 0);
  assert.deepEqual(admin.consoleErrors.filter((e) => !/status of 422/.test(e)), []);
  assert.deepEqual(nurse.consoleErrors, []);
});

test('the admin, as data steward, approves a research project; the page passes axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'admin@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Research projects' }).click();
  await page.waitForURL(/\/admin\/research-projects/);
  await expectHydrated(page);
  await expectAccessible(page, '/admin/research-projects');

  // Nothing ticked, no grounds: every problem at once.
  await page.getByRole('button', { name: 'Approve the project' }).click();
  await page.getByRole('alert').filter({ hasText: 'Please fill this in.' }).first().waitFor();

  const name = `Outcomes ${Date.now()}`;
  await page.getByLabel('Project name').fill(name);
  await page.getByLabel('Questionnaire scores').check();
  await page.getByLabel('Ethics approval (reference)').fill('EC 2026/114');
  await page.getByLabel('Data-use agreement (reference)').fill('DUA-7');
  await page.getByRole('group', { name: 'Researchers' }).getByRole('checkbox').first().check();
  const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel('No exports after').fill(nextYear);
  await page.getByLabel('Privacy budget of open aggregate tables (epsilon)').fill('0.5');
  await page.getByRole('button', { name: 'Approve the project' }).click();
  await page.getByRole('status').filter({ hasText: `Approved: ${name}, about` }).waitFor();
  const row = page.locator('tr', { hasText: name });
  await row.waitFor();
  assert.match(await row.textContent(), /all products; any period/);
  assert.match(await row.locator('td').nth(3).textContent(), /^\d*[05]$/, 'a rounded count');
  assert.equal(await row.locator('td').nth(5).textContent(), '0 / 0.5', 'the privacy budget, none spent');
  await expectAccessible(page, '/admin/research-projects with a project');
});
