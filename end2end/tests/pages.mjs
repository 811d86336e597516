// Every page a patient or a caregiver opens, each brought on screen in a state worth checking
// (an unread reminder, answers missing, a red flag, a wrong password). Shared by the touch
// target, zoom and colour tests, so that a new page is added to all of them at once.
import { BASE_URL, expectHydrated, expectPlain, expectReady, signIn } from './support.mjs';

// The patient waiting for cells has the caregiver's patient, a delayed plan and check-ins;
// the infused one has the symptom diary, where red flags are answered.
export const ACCOUNTS = { patient: 'patient.waiting@demo.example', caregiver: 'caregiver@demo.example' };
const INFUSED = 'patient.infused@demo.example';
const DIARY_SIGNS = ['chills', 'breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'sleepy', 'tremor', 'seizure', 'vomiting'];

function isoDaysFromNow(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await expectReady(page);
}

/// A fever in the diary: the advice to call the care team shows above the form.
export async function diaryWithFever(page) {
  await page.getByLabel('°C (Celsius)').check();
  await page.locator('#q-temperature_c').fill('38.9');
  for (const item of DIARY_SIGNS) await page.locator(`#q-${item}-false`).check();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.urgent-advice').waitFor();
  await page.getByText('Sent').first().waitFor();
}

/// A check-in sent with nothing answered: each required question says so.
async function sentEmpty(page) {
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.field-error').first().waitFor();
}

/// An unread reminder in the inbox of the waiting patient and their caregiver. The demo plans
/// reminders from now on only, so none has come yet in a fresh database: a nurse moves the
/// release of the patient's cells, which tells both at once ("Your plan changed"). Done once;
/// the reminder stays unread for the next test.
async function ensureUnreadReminder(page) {
  await open(page, '/inbox');
  await page.locator('ul.inbox, p.muted').first().waitFor();
  if (await page.locator('li.unread').count() > 0) return;
  const context = await page.context().browser().newContext({ locale: 'en-GB' });
  const nurse = await context.newPage();
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await expectHydrated(nurse);
  await nurse.getByRole('link', { name: /Alex Demo/ }).click();
  await nurse.waitForURL(/\/patients\/\d+$/);
  await expectHydrated(nurse);
  await nurse.getByLabel('Milestone').selectOption('product_released');
  await nurse.getByLabel('Change', { exact: true }).selectOption('delay');
  await nurse.getByLabel('Date').fill(isoDaysFromNow(30));
  await nurse.locator('#edit-reason').fill('A later manufacturing slot');
  await nurse.getByRole('button', { name: 'Preview' }).click();
  await nurse.waitForSelector('.preview li[data-key="infusion"]');
  await nurse.getByRole('button', { name: 'Save change' }).click();
  await nurse.waitForSelector('.plan-changed');
  await context.close();
  await open(page, '/inbox');
  await page.locator('li.unread').first().waitFor();
}

// The page a wrong current password leads to, kept after the first time: each wrong attempt
// counts towards the account's sign-in throttle (5 in 15 minutes).
const wrongPasswordPage = {};

async function wrongCurrentPassword(page, role) {
  if (wrongPasswordPage[role]) return open(page, wrongPasswordPage[role]);
  await open(page, '/account/password');
  await page.locator('#current').fill('not the password');
  await page.locator('#password').fill('a long new password');
  await page.locator('#confirmation').fill('a long new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL(/\/account\/password\?error=/);
  await expectHydrated(page);
  await page.getByRole('alert').waitFor();
  const url = new URL(page.url());
  wrongPasswordPage[role] = url.pathname + url.search;
}

/// Signs `role` in on `page` and lists their pages as [name, bring it on screen]; the
/// patient's diary pages sign the infused patient in, the others sign `role` back in.
export async function pagesOf(page, role) {
  let current;
  const as = async (email) => {
    if (current === email) return;
    await signIn(page, email);
    await page.waitForURL(`${BASE_URL}/`);
    await expectPlain(page);
    current = email;
  };
  const step = (name, email, bringOnScreen) => [name, async () => { await as(email); await bringOnScreen(); }];
  const me = ACCOUNTS[role];
  await as(me);
  await ensureUnreadReminder(page);
  await open(page, '/');
  // Each form once (a questionnaire can be on several schedules); the patient's diary is
  // checked as the infused patient's, below.
  const forms = [...new Set(await page.locator('[data-checkin] a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))))]
    .filter((href) => role === 'caregiver' || !href.startsWith('/checkins/symptom-diary'));
  const mine = role === 'patient'
    ? [step('the patient home', me, () => open(page, '/')),
      step('the patient page with its questions for the next visit', me, async () => {
        await open(page, '/');
        await open(page, await page.locator('a.button[href$="#questions"]').getAttribute('href'));
        await page.locator('#questions textarea').waitFor();
      }),
      step('the caregivers page', me, async () => {
        await open(page, '/');
        await open(page, await page.locator('#caregivers a.button').getAttribute('href'));
      })]
    : [step('the caregiver home', me, () => open(page, '/'))];
  if (role === 'caregiver') {
    const journey = await page.locator('a.button[href^="/patients/"]').first().getAttribute('href');
    mine.push(step("the patient's journey, as the caregiver sees it", me, () => open(page, journey)));
  }
  const card = role === 'patient'
    ? await page.locator('a[href$="/card"]').getAttribute('href')
    : `${await page.locator('a.button[href^="/patients/"]').first().getAttribute('href')}/card`;
  mine.push(
    step('the alert card', me, () => open(page, card)),
    ...forms.map((href) => step(`the check-in ${href}`, me, () => open(page, href))),
    step(`the check-in ${forms[0]} sent with answers missing`, me, async () => { await open(page, forms[0]); await sentEmpty(page); }),
    step('the inbox with an unread reminder', me, async () => {
      await open(page, '/inbox');
      await page.locator('li.unread').first().waitFor();
    }),
    step('settings', me, async () => {
      await open(page, '/settings');
      await page.getByText('Devices that get reminders').waitFor();
      // Opened, so that what it holds is checked too.
      await page.getByText('Reminders on this phone', { exact: true }).click();
    }),
    step('the password page', me, () => open(page, '/account/password')),
    step('the password page after a wrong current password', me, () => wrongCurrentPassword(page, role)),
    step('the offline page', me, () => open(page, '/offline')),
  );
  // Before anyone signs in: the sign-in page (with its passkey button) and the code page.
  const signedOut = (name, path) => [name, async () => {
    await page.context().clearCookies();
    current = undefined;
    await open(page, path);
  }];
  const before = [signedOut('the sign-in page', '/login'), signedOut('the invitation code page', '/invitation')];
  if (role === 'caregiver') return [...before, ...mine];
  await as(INFUSED);
  const diary = await page.locator('[data-checkin="diary"] a').getAttribute('href');
  return [
    ...before,
    step('the home of a patient after the infusion', INFUSED, () => open(page, '/')),
    step('the symptom diary', INFUSED, () => open(page, diary)),
    step('the symptom diary sent with answers missing', INFUSED, async () => { await open(page, diary); await sentEmpty(page); }),
    step('the symptom diary with a red flag', INFUSED, async () => { await open(page, diary); await diaryWithFever(page); }),
    step('my results, after a fever', INFUSED, async () => {
      await open(page, '/results');
      await page.locator('li[data-response] details').first().evaluate((d) => { d.open = true; });
    }),
    ...mine,
  ];
}
