// "Keep my plan on this phone" and check-ins without signal, in a persistent profile (as an
// installed app has): the plan drawn on the phone offline, a check-in answered there with
// the red-flag advice at once, the tab closed, back online, Background Sync fired through
// the DevTools protocol: exactly one copy on the server, not late. Then a second person on
// the same phone: they find nothing of the first, whose unsent answers wait for them and
// are sent at their next sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BASE_URL, launch, phonePage, expectAccessible, expectHydrated, expectPlain, persistent, shellKept, signIn, screenshot,
} from './support.mjs';

let browser;
let nurse;
before(async () => {
  browser = await launch();
  nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
});
after(async () => { await browser?.close(); });

/// The check-ins the nurse sees for this patient: [{ title, late, … }], newest first.
async function answered(patientId) {
  const [status, body] = await nurse.evaluate(async (id) => {
    const response = await fetch('/api/checkins/patient', {
      method: 'POST', body: new URLSearchParams({ patient_id: String(id) }), headers: { accept: 'application/json' },
    });
    return [response.status, await response.text()];
  }, patientId);
  assert.equal(status, 200, body);
  return JSON.parse(body).answered;
}

async function signedInHome(context, email) {
  const page = context.pages()[0] ?? await context.newPage();
  await signIn(page, email);
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  return page;
}

async function keepPlan(page) {
  await page.goto(`${BASE_URL}/settings`);
  await expectHydrated(page);
  await page.getByText('Anyone who holds this phone unlocked can read it').waitFor();
  await page.getByRole('button', { name: 'Keep my plan on this phone' }).click();
  await page.getByText(/Kept on this phone, updated at \d{4}-\d\d-\d\d \d\d:\d\d/).waitFor();
}

/// Offline, any page opens /offline, drawn from the plan kept on the phone.
async function openOffline(context) {
  await context.setOffline(true);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  await page.goto(`${BASE_URL}/`);
  await page.waitForURL(`${BASE_URL}/offline`);
  await expectHydrated(page);
  return page;
}

/// A diary answered offline with a fever: the advice shows at once, and it is kept.
async function answerDiaryOffline(page) {
  await page.locator('[data-kept-plan] [data-checkin="diary"] button').click();
  await page.getByLabel('°C (Celsius)').check();
  await page.locator('#q-temperature_c').fill('38.6');
  for (const item of ['chills', 'breathless', 'dizzy', 'racing_heart', 'confused', 'speech', 'sleepy', 'tremor', 'seizure', 'vomiting']) {
    await page.locator(`#q-${item}-false`).check();
  }
  await page.getByRole('button', { name: 'Send' }).click();
  const advice = page.locator('.urgent-advice[data-advice="CallCareTeam"]');
  await advice.waitFor();
  assert.match(await advice.locator('a.call').getAttribute('href'), /^tel:\+/);
  await page.getByText('Saved on this phone. It will be sent when you are online.').waitFor();
}

async function unsentOnPhone(context) {
  const page = await context.newPage();
  await page.goto('about:blank');
  await page.goto(`${BASE_URL}/offline`).catch(() => undefined);
  const n = await page.evaluate(() => self.VtvOffline.unsent());
  await page.close();
  return n;
}

/// Fires the worker's Background Sync as the browser would once back online.
async function fireSync(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const registrations = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < 50 && registrations.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const ours = registrations.find((r) => r.scopeURL.startsWith(BASE_URL) && !r.isDeleted);
  assert.ok(ours, `our worker is registered: ${JSON.stringify(registrations)}`);
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin: new URL(BASE_URL).origin, registrationId: ours.registrationId, tag: 'vtv-checkins', lastChance: false,
  });
  await page.close();
}

/// Brussels local day and time of an instant, as the nurse's page gives them.
function brussels(ms) {
  const part = (options) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', ...options }).format(new Date(ms));
  return { on: part({ year: 'numeric', month: '2-digit', day: '2-digit' }), time: part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) };
}

/// Ten minutes into the diary window before the latest one that is due (08:00 and 20:00
/// at the centre, open 4 hours): a window no other test answers, closed long before the
/// answer reaches the server.
async function earlierDiaryWindow(page) {
  const plan = JSON.parse(await page.evaluate(() => self.VtvOffline.loadPlan()));
  const diary = plan.patients[0].checkins.find((c) => c.due.schedule === 'diary');
  assert.ok(diary, 'the diary is in the plan');
  const latestDue = diary.due.state === 'Upcoming' ? diary.due.due_at - 12 * 3600 : diary.due.due_at;
  return (latestDue - 12 * 3600 + 600) * 1000;
}

async function waitFor(check, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('a check-in answered offline, the tab closed, is sent once by Background Sync and not marked late', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vtv-offline-'));
  const context = await persistent(dir);
  try {
    const home = await signedInHome(context, 'patient.infused@demo.example');
    const patientId = Number(await home.locator('[data-checkin="diary"]').getAttribute('data-patient'));
    await keepPlan(home);
    await shellKept(home);
    // No page of ours stays open: only the worker's sync can send the answers.
    await home.goto('about:blank');
    const before = new Set((await answered(patientId)).map((a) => a.id));

    const offline = await openOffline(context);
    const plan = offline.locator('[data-kept-plan]');
    await plan.waitFor();
    assert.match(await plan.textContent(), /Your plan as kept on this phone, updated at/);
    assert.ok(await plan.locator('a.call[href^="tel:+"]').count() >= 1, 'the hotline, from the plan');
    await plan.locator('.alert-card').waitFor();
    await expectAccessible(offline, 'the plan drawn offline');
    await screenshot(offline, 'offline-page');
    // The phone's clock says when the patient answered: within that window.
    const answeredAt = await earlierDiaryWindow(offline);
    await offline.clock.setFixedTime(new Date(answeredAt));
    await answerDiaryOffline(offline);
    assert.deepEqual(offline.errors, []);
    // The patient leaves for the dialler; the tab is discarded.
    await offline.close();
    assert.equal(await unsentOnPhone(context), 1, 'kept on the phone');
    const fresh = async () => (await answered(patientId)).filter((a) => !before.has(a.id));
    assert.deepEqual(await fresh(), [], 'nothing reached the server yet');

    await context.setOffline(false);
    await fireSync(context);
    await waitFor(async () => (await fresh()).length > 0, 'the answer on the server');
    await waitFor(async () => (await unsentOnPhone(context)) === 0, 'nothing left waiting');
    const arrived = await fresh();
    assert.equal(arrived.length, 1, 'exactly one copy');
    const when = brussels(answeredAt);
    assert.deepEqual([arrived[0].submitted_on, arrived[0].submitted_time], [when.on, when.time], 'timed when answered');
    assert.equal(arrived[0].late, false, 'answered in its window, so not late, though sent hours after it closed');
    console.log(`offline check-in: answered ${when.on} ${when.time}, kept, sent by the sync event at ${new Date().toISOString()}: ${arrived.length} copy, late=${arrived[0].late}`);

    // A week and a day without a refresh (offline all along, so nothing refreshes it): the
    // plan is forgotten, not shown.
    await context.setOffline(true);
    const aged = await context.newPage();
    await aged.goto(`${BASE_URL}/offline`);
    await expectHydrated(aged);
    await aged.evaluate(() => new Promise((resolve, reject) => {
      const opening = indexedDB.open('vtv-offline');
      opening.onsuccess = () => {
        const tx = opening.result.transaction('plan', 'readwrite');
        const plans = tx.objectStore('plan');
        const reading = plans.get('current');
        reading.onsuccess = () => plans.put({ ...reading.result, synced_at: Date.now() - 8 * 24 * 3600 * 1000 });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      };
      opening.onerror = () => reject(opening.error);
    }));
    await aged.close();
    const stale = await openOffline(context);
    await stale.getByRole('heading', { name: 'No connection' }).waitFor();
    await stale.waitForTimeout(1000);
    assert.equal(await stale.locator('[data-kept-plan]').count(), 0, 'an expired plan is not drawn');
    assert.equal(await stale.evaluate(() => self.VtvOffline.planOwner()), null, 'and it is gone');
    await context.setOffline(false);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a second person on the phone finds nothing of the first, whose unsent answers wait for them", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vtv-shared-'));
  const context = await persistent(dir);
  try {
    const home = await signedInHome(context, 'patient.infused@demo.example');
    const firstId = Number(await home.locator('[data-checkin="diary"]').getAttribute('data-patient'));
    await keepPlan(home);
    await shellKept(home);
    const before = new Set((await answered(firstId)).map((a) => a.id));
    const fresh = async () => (await answered(firstId)).filter((a) => !before.has(a.id));
    const offline = await openOffline(context);
    await offline.locator('[data-kept-plan]').waitFor();
    await answerDiaryOffline(offline);
    await offline.close();
    // Meanwhile the first person's session ended (expired, or ended from another device).
    await context.clearCookies();
    await context.setOffline(false);

    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${BASE_URL}/login`);
    await expectPlain(page);
    await page.getByText('Answers given on this phone are waiting for the person who gave them').waitFor();
    await signIn(page, 'patient.waiting@demo.example');
    await page.waitForURL(`${BASE_URL}/`);
    await expectPlain(page);
    await waitFor(() => page.evaluate(async () => (await self.VtvOffline.planOwner()) === null), 'the first plan wiped');
    assert.equal(await page.evaluate(() => self.VtvOffline.loadPlan()), null);
    assert.deepEqual(await fresh(), [], 'not sent in the second person\'s name');
    assert.equal(await unsentOnPhone(context), 1, 'the first person\'s answers still kept');
    // Offline, the second person finds no plan at all.
    await shellKept(page);
    const second = await openOffline(context);
    await second.getByRole('heading', { name: 'No connection' }).waitFor();
    await second.waitForTimeout(1000);
    assert.equal(await second.locator('[data-kept-plan]').count(), 0);
    await second.close();
    await context.setOffline(false);
    // The second person has the phone forget them: the first person's answers are kept,
    // and the screen says so.
    await page.goto(`${BASE_URL}/settings`);
    await expectHydrated(page);
    await page.getByRole('button', { name: 'Forget this phone' }).click();
    await page.waitForURL(/\/login\?notice=signed-out-kept/);
    await page.getByText('Answers not sent yet are kept on this phone').waitFor();
    // The first person signs in again: their answers are sent.
    await signIn(page, 'patient.infused@demo.example');
    await page.waitForURL(`${BASE_URL}/`);
    await waitFor(async () => (await fresh()).length > 0, 'the first person\'s answers on the server');
    await waitFor(async () => (await unsentOnPhone(context)) === 0, 'nothing left waiting');
    assert.equal((await fresh()).length, 1, 'exactly one copy');
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});
