import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, phonePage, expectHydrated, expectAccessible, expectCheckinForm, signIn, screenshot, expectPlain,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Signs in as the infused patient and opens the diary from the home: the plain form.
async function openDiary(page) {
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('[data-checkin="diary"] a').click();
  await page.waitForURL(/\/checkins\/symptom-diary/);
  await expectCheckinForm(page);
}

/// Reached inside the app (the inbox, then the home and the diary through the router): the
/// form the wasm draws.
async function openDiaryInApp(page) {
  await page.goto(`${BASE_URL}/inbox`);
  await expectHydrated(page);
  await page.locator('a.brand').click();
  await page.locator('[data-checkin="diary"] a').click();
  await page.waitForURL(/\/checkins\/symptom-diary/);
  await page.locator('form.checkin').waitFor();
  assert.equal(await page.locator('#checkin-plain').count(), 0, 'drawn by the wasm');
}

test('a fever in the diary shows "call now" at once, even with the network down, then is sent', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  // Day +12: the twice-daily diary is on the home page.
  const diary = page.locator('[data-checkin="diary"] a');
  await diary.click();
  await page.waitForURL(/\/checkins\/symptom-diary\?patient=\d+/);
  await expectCheckinForm(page);
  await expectAccessible(page, 'the symptom diary');
  // The Fahrenheit field appears only when Fahrenheit is chosen.
  assert.equal(await page.locator('#q-temperature_f').isVisible(), false);
  await page.getByLabel('°F (Fahrenheit)').check();
  await page.locator('#q-temperature_f').fill('101.3');
  for (const item of ['chills', 'breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'sleepy', 'tremor', 'seizure', 'vomiting']) {
    await page.locator(`#q-${item}-false`).check();
  }
  // Offline: the advice must still show, from the browser's own triage.
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Send' }).click();
  const advice = page.locator('.urgent-advice');
  await advice.waitFor();
  assert.match(await advice.textContent(), /Call your care team now/);
  assert.match(await advice.locator('a.call').getAttribute('href'), /^tel:\+/);
  await page.getByText('Saved on this phone. It will be sent when you are online.').waitFor();
  // Back online, the same answers are sent (and stored once).
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
  await page.getByText('Your care team will look at your answers').waitFor();
  await expectAccessible(page, 'the diary with its advice');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'red-flag-advice');
});

test('a seizure says to call the emergency number first, and a bad value is refused in place', async () => {
  const page = await phonePage(browser);
  await openDiary(page);
  await page.getByLabel('°C (Celsius)').check();
  // The unit is said once.
  assert.equal(await page.locator('label[for="q-temperature_c"]').textContent(), 'Your temperature now, in °C');
  await page.locator('#q-temperature_c').fill('55');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#q-temperature_c-problem').waitFor();
  assert.match(await page.locator('#q-temperature_c-problem').textContent(), /outside what is possible/);
  await page.locator('#q-temperature_c').fill('37.1');
  for (const item of ['chills', 'breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'sleepy', 'tremor', 'vomiting']) {
    await page.locator(`#q-${item}-false`).check();
  }
  await page.locator('#q-seizure-true').check();
  await page.getByRole('button', { name: 'Send' }).click();
  const advice = page.locator('.urgent-advice');
  await advice.waitFor();
  assert.match(await advice.textContent(), /Call 112 \(emergency services\) now, then your care team/);
  assert.equal(await advice.locator('a.emergency').getAttribute('href'), 'tel:112');
  await page.getByText('Sent').first().waitFor();
});

test("a new urgent flag reaches the nurse's open queue within 5 seconds, without a reload", async () => {
  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await nurse.getByRole('link', { name: 'Flags to review' }).click();
  await nurse.waitForURL(/\/flags$/);
  await expectHydrated(nurse);
  // Reached by the app's own navigation, the page is hydrated before its queue has come:
  // counted before it, the queue's arrival passes for the new flag (seen in a full run).
  await nurse.locator('table.flags').or(nurse.getByText('No open flags.')).first().waitFor();
  const before = await nurse.locator('[data-flag]').count();
  // What the page's timer asks for: never the queue as a person's read, which would keep
  // an unattended session alive (server/src/http/background_polls.rs).
  const timerCalls = [];
  nurse.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/flags/')) timerCalls.push(path);
  });
  // Meanwhile the patient reports chills, from their own phone.
  const patient = await phonePage(browser);
  await signIn(patient, 'patient.infused@demo.example');
  await patient.waitForURL(`${BASE_URL}/`);
  await patient.locator('[data-checkin="diary"] a').click();
  await patient.waitForURL(/\/checkins\/symptom-diary/);
  await expectCheckinForm(patient);
  await patient.getByLabel('°C (Celsius)').check();
  await patient.locator('#q-temperature_c').fill('37.2');
  for (const item of ['breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'sleepy', 'tremor', 'seizure', 'vomiting']) {
    await patient.locator(`#q-${item}-false`).check();
  }
  await patient.locator('#q-chills-true').check();
  await patient.getByRole('button', { name: 'Send' }).click();
  await patient.getByText('Sent').first().waitFor();
  const sentAt = Date.now();
  await nurse.waitForFunction((n) => document.querySelectorAll('[data-flag]').length > n, before, { timeout: 7000 });
  assert.ok(Date.now() - sentAt <= 6000, `seen after ${Date.now() - sentAt} ms`);
  assert.ok(timerCalls.includes('/api/flags/queue-refresh'), timerCalls.join(', '));
  assert.deepEqual(timerCalls.filter((p) => !['/api/flags/fingerprint', '/api/flags/queue-refresh'].includes(p)), []);
  const row = nurse.locator('[data-flag]', { hasText: 'Chills or shaking: Yes' }).first();
  assert.equal(await row.getAttribute('data-level'), 'Urgent');
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await row.getByText('Seen by Demo Nurse').waitFor();
  await expectAccessible(nurse, '/flags');
  await nurse.evaluate(() => window.scrollTo(0, 0));
  await screenshot(nurse, 'nurse-flag-queue');
});

test("a caregiver answers their own PHQ-4, apart from the patient's", async () => {
  const page = await phonePage(browser);
  await signIn(page, 'caregiver@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  const own = page.locator('[data-checkin="caregiver-phq4"] a');
  assert.match(await own.textContent(), /PHQ-4 \(about you\)/);
  assert.match(await own.getAttribute('href'), /self=1/);
  await expectAccessible(page, "the caregiver's home with check-ins");
  await own.click();
  await page.waitForURL(/\/checkins\/phq-4\?patient=\d+&self=1/);
  await expectCheckinForm(page);
  for (const n of [1, 2, 3, 4]) await page.locator(`#q-phq4-${n}-0`).check();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
  assert.equal(await page.locator('.urgent-advice').count(), 0);
});

test("the nurse sees the patient's temperature against the fever line, and each answer in words", async () => {
  const page = await phonePage(browser);
  await signIn(page, 'nurse@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Sam Demo (infused)' }).first().click();
  await page.waitForURL(/\/patients\/\d+$/);
  await expectHydrated(page);
  const review = page.locator('.checkin-review');
  await review.waitFor();
  const temperature = review.locator('figure', { hasText: 'Temperature (°C)' });
  assert.equal(await temperature.locator('svg line.threshold').count(), 1, 'the fever line');
  assert.ok(await temperature.locator('svg circle').count() >= 3, 'one dot per diary entry sent above');
  assert.match(await temperature.locator('figcaption').textContent(), /38\.5/);
  await review.locator('[data-level="Urgent"] summary').first().click();
  assert.match(await review.locator('[data-level="Urgent"] dl').first().textContent(), /Chills or shaking|seizure/i);
  await expectAccessible(page, "a patient's page with check-ins");
});

test("the goals form offers last week's goals again, to keep or change, with their kind", async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.waiting@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('[data-checkin="goals"] a').click();
  await page.waitForURL(/\/checkins\/goals\?patient=\d+/);
  await expectCheckinForm(page);
  await page.locator('#q-goal_1').fill('Walk to the bakery');
  await page.locator('#q-goal_1_progress').fill('3');
  // The kind of goal is a code researchers can compare; the goal's own words never leave.
  await page.getByRole('radio', { name: 'Getting about' }).first().check();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
  await page.reload();
  await expectCheckinForm(page);
  assert.equal(await page.locator('#q-goal_1').inputValue(), 'Walk to the bakery');
  assert.equal(await page.getByRole('radio', { name: 'Getting about' }).first().isChecked(), true);
  assert.equal(await page.locator('#q-goal_1_progress').inputValue(), '');
  await page.locator('#q-goal_1_progress').fill('5');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
});

/// Only the seizure answered, then "Send": the advice comes at once, beside what is missing.
async function seizureAlone(page) {
  await page.locator('#q-seizure-true').check();
  await page.getByRole('button', { name: 'Send' }).click();
  const advice = page.locator('.urgent-advice[data-advice="EmergencyFirst"]');
  await advice.waitFor();
  assert.equal(await advice.locator('a.emergency').getAttribute('href'), 'tel:112');
  await page.locator('#q-chills-problem').waitFor();
  await page.getByText('Some answers need checking: see the messages below.').waitFor();
}

test('a red flag is told on "Send" even with the rest unanswered, on the plain form and the one the app draws', async () => {
  const page = await phonePage(browser);
  await openDiary(page);
  await seizureAlone(page);
  await expectAccessible(page, 'the plain diary with its advice and problems');
  // Reached inside the app (the inbox, then the home and the diary through the router), the
  // form is drawn by the wasm and behaves the same.
  await openDiaryInApp(page);
  await seizureAlone(page);
  assert.deepEqual(page.consoleErrors, []);
});

test('without its engine the diary says the answers were not checked, with both numbers, and sends nothing', async () => {
  const page = await phonePage(browser);
  await page.route('**/checkin-engine.wasm', (route) => route.fulfill({ status: 503, body: 'down' }));
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('[data-checkin="diary"] a').click();
  await page.waitForURL(/\/checkins\/symptom-diary/);
  await page.waitForSelector('form[data-engine="failed"]');
  let posted = 0;
  page.on('request', (request) => { if (request.url().includes('/api/checkins/submit')) posted += 1; });
  await page.locator('#q-seizure-true').check();
  await page.getByRole('button', { name: 'Send' }).click();
  const advice = page.locator('.urgent-advice[data-advice="Unchecked"]');
  await advice.waitFor();
  assert.match(await advice.textContent(), /could not be checked on this phone/);
  assert.equal(await advice.locator('a.emergency').getAttribute('href'), 'tel:112');
  assert.match(await advice.locator('a.call').first().getAttribute('href'), /^tel:\+/);
  await page.getByText('Not sent yet').waitFor();
  assert.equal(posted, 0, 'nothing unchecked is sent');
  await expectAccessible(page, 'the diary without its engine');
});

test('answers changed after "Sent" and sent again are stored anew, not taken for the first', async () => {
  const page = await phonePage(browser);
  await openDiary(page);
  await page.getByLabel('°C (Celsius)').check();
  await page.locator('#q-temperature_c').fill('36.9');
  for (const item of ['chills', 'breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'sleepy', 'tremor', 'seizure', 'vomiting']) {
    await page.locator(`#q-${item}-false`).check();
  }
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
  assert.equal(await page.getByText('Your care team will look at your answers').count(), 0, 'calm: no flag');
  // Chills after all: sent again, it raises its own flag (a replay would say nothing new).
  await page.locator('#q-chills-true').check();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.urgent-advice[data-advice="CallCareTeam"]').waitFor();
  await page.getByText('Your care team will look at your answers').waitFor();
});

test('"None of these today" answers No to every sign in one tap, keeps a Yes, and still asks for the temperature', async () => {
  const page = await phonePage(browser);
  await openDiary(page);
  await noneOfTheseToday(page);
  await expectAccessible(page, 'the plain diary after "None of these today"');
  // The form the app draws does the same.
  await openDiaryInApp(page);
  await noneOfTheseToday(page);
  // With the temperature, the tapped answers are sent.
  await page.getByLabel('°C (Celsius)').check();
  await page.locator('#q-temperature_c').fill('36.8');
  await page.locator('#q-sleepy-true').check();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
  assert.deepEqual(page.consoleErrors, []);
});

/// A "Yes" to sleepiness, then the tap: every other sign reads "No", the "Yes" stays, and
/// "Send" asks for the temperature (with the sleepiness advice shown at once).
async function noneOfTheseToday(page) {
  await page.locator('#q-sleepy-true').check();
  const button = page.getByRole('button', { name: 'None of these today' });
  const box = await button.boundingBox();
  assert.ok(box.height >= 44, `the button is ${box.height} px high`);
  await button.click();
  for (const item of ['chills', 'breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'tremor', 'seizure', 'vomiting']) {
    assert.equal(await page.locator(`#q-${item}-false`).isChecked(), true, `${item}: No`);
  }
  assert.equal(await page.locator('#q-sleepy-true').isChecked(), true, 'the Yes stays');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#q-temperature_unit-problem').waitFor();
  await page.locator('.urgent-advice').waitFor();
  for (const item of ['chills', 'seizure']) assert.equal(await page.locator(`#q-${item}-problem`).count(), 0);
}

test('a diary half filled in is kept encrypted on the phone, put back on reopening, and dropped once sent', async () => {
  const page = await phonePage(browser);
  await openDiary(page);
  const diaryUrl = page.url();
  await page.getByLabel('°C (Celsius)').check();
  await page.locator('#q-temperature_c').fill('37.6');
  await page.locator('#q-chills-true').check();
  await page.waitForSelector('form[data-draft="kept"]');
  // What IndexedDB holds is ciphertext: no answer in the clear.
  const stored = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('vtv-offline');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const all = req.result.transaction('drafts').objectStore('drafts').getAll();
      all.onsuccess = () => resolve(all.result.map((r) => ({ key: r.key, text: new TextDecoder().decode(r.data) })));
    };
  }));
  assert.equal(stored.length, 1);
  assert.ok(!stored[0].text.includes('37.6') && !stored[0].text.includes('chills'), 'sealed');
  // Reopened: the answers are back, with a notice to check them.
  await page.goto(diaryUrl);
  await expectCheckinForm(page);
  await page.getByText('We kept what you had started on this phone').waitFor();
  assert.equal(await page.locator('#q-temperature_c').inputValue(), '37.6');
  assert.equal(await page.locator('#q-chills-true').isChecked(), true);
  await expectAccessible(page, 'the diary put back from its draft');
  // Finished and sent: the draft is gone.
  await page.getByRole('button', { name: 'None of these today' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Sent').first().waitFor();
  await page.waitForSelector('form[data-draft="dropped"]');
  await page.goto(diaryUrl);
  await expectCheckinForm(page);
  assert.equal(await page.locator('#q-temperature_c').inputValue(), '');
  assert.equal(await page.getByText('We kept what you had started on this phone').count(), 0);
});

test('the diary the wasm draws keeps its draft too, and the plain form resumes the same draft', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await openDiaryInApp(page);
  const diaryUrl = page.url();
  await page.getByLabel('°C (Celsius)').check();
  await page.locator('#q-temperature_c').fill('37.4');
  await page.locator('#q-chills-true').check();
  await page.waitForSelector('form.checkin[data-draft="kept"]');
  // Out of the form and back in through the app: put back, with the notice.
  await openDiaryInApp(page);
  await page.locator('[data-outcome="resumed"]').waitFor();
  assert.equal(await page.locator('#q-temperature_c').inputValue(), '37.4');
  assert.equal(await page.locator('#q-chills-true').isChecked(), true);
  assert.equal(await page.getByLabel('°C (Celsius)').isChecked(), true, 'a choice shows as ticked');
  await expectAccessible(page, 'the wasm diary put back from its draft');
  // Opened at its address, the plain form puts back the same draft.
  await page.goto(diaryUrl);
  await expectCheckinForm(page);
  await page.getByText('We kept what you had started on this phone').waitFor();
  assert.equal(await page.locator('#q-temperature_c').inputValue(), '37.4');
  // Finished and sent from the wasm form: the draft is gone for both.
  await openDiaryInApp(page);
  await page.locator('[data-outcome="resumed"]').waitFor();
  await page.getByRole('button', { name: 'None of these today' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForSelector('form.checkin[data-draft="dropped"]');
  await page.goto(diaryUrl);
  await expectCheckinForm(page);
  assert.equal(await page.locator('#q-temperature_c').inputValue(), '');
  assert.equal(await page.getByText('We kept what you had started on this phone').count(), 0);
  assert.deepEqual(page.consoleErrors, []);
});
