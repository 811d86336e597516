import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectPlain, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a nurse enrols a patient, who sets a password with the code and signs in', async () => {
  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await expectHydrated(nurse);

  // First a mistake: the form says what is wrong, field by field, and keeps the rest.
  await nurse.getByLabel('Full name').fill('Eva Synthetic');
  await nurse.getByLabel('Date of birth').fill('1961-05-17');
  await nurse.locator('#enrol-email').fill('eva@synthetic.example');
  await nurse.getByLabel('Phone').fill('12');
  await nurse.getByRole('button', { name: 'Enrol' }).click();
  await nurse.waitForSelector('#enrol-phone[aria-invalid="true"]');
  assert.match(await nurse.locator('#enrol-phone-error').textContent(), /6 to 15 digits/);
  assert.equal(await nurse.getByLabel('Full name').inputValue(), 'Eva Synthetic');
  await expectAccessible(nurse, 'the enrolment form with an error');

  await nurse.getByLabel('Phone').fill('+32 470 99 88 77');
  await nurse.getByRole('button', { name: 'Enrol' }).click();
  const code = await nurse.locator('#enrol .code, section:has(#enrol) .code').first().getAttribute('data-code', { timeout: 10000 });
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expectAccessible(nurse, 'the issued code');

  const patient = await phonePage(browser);
  await patient.goto(`${BASE_URL}/invitation`);
  await expectPlain(patient);
  await patient.getByLabel('Code').fill(code.toLowerCase());
  await patient.getByLabel('New password', { exact: true }).fill('eva chooses this one');
  await patient.getByLabel('Repeat the new password').fill('eva chooses this one');
  await patient.getByRole('button', { name: 'Set password' }).click();
  await patient.waitForURL(/notice=password-set/);
  await signIn(patient, 'eva@synthetic.example', 'eva chooses this one');
  await patient.waitForURL(`${BASE_URL}/`);
  assert.ok(await patient.locator('a.call').isVisible(), 'the hotline is on the first screen');
  assert.deepEqual([...nurse.consoleErrors, ...patient.consoleErrors].filter((e) => !/status of 4\d\d/.test(e)), []);
});
