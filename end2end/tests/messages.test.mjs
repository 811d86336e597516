// "Ask the team": a patient writes, a red flag shows the diary's advice on the screen before
// anything is sent, the nurse sees the waiting thread on their home page and replies, and the
// patient is told in the inbox and by a notification that opens the thread.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, expectPlain, signIn } from './support.mjs';
import { activeWorker, worker, pushUntilShown, notifyingContext } from './push_support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


test('a red flag shows its advice before sending; the nurse replies; the patient is told in the inbox and by push', async () => {
  const patient = await notifyingContext(browser);
  const { page } = patient;
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await expectPlain(page);
  // No quiet hours, so that the notice is due now whatever the time of the run.
  const quiet = await page.evaluate(async () => (await fetch('/api/reminders/save', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: 'quiet_from=07:00&quiet_until=07:00',
  })).status);
  assert.equal(quiet, 200);
  await page.getByRole('link', { name: 'Ask the team' }).click();
  await page.waitForURL(/\/patients\/\d+#messages$/);
  await expectHydrated(page);
  const patientPath = new URL(page.url()).pathname;
  const panel = page.locator('#messages');
  assert.match(await panel.textContent(), /Not for emergencies/);
  assert.equal(await panel.locator('a.call[href^="tel:"]').count(), 1, 'the hotline, a tap away');
  assert.match(await panel.textContent(), /The team aims to reply within 48 hours/);

  // Red-flag words: the advice shows at once, and nothing went to the server.
  const sends = [];
  page.on('request', (request) => { if (request.url().includes('/api/messages/send')) sends.push(request.url()); });
  const words = `Since tonight I have a fever of 38,7 (${Date.now()})`;
  await panel.getByLabel('Your message').fill(words);
  await panel.getByRole('button', { name: 'Send to the team' }).click();
  const advice = panel.locator('.urgent-advice[data-advice="CallCareTeam"]');
  await advice.waitFor();
  assert.deepEqual(sends, [], 'the advice came before any round trip');
  assert.equal(await panel.getByRole('button', { name: 'Send to the team' }).isDisabled(), true);
  await expectAccessible(page, 'the advice before a message is sent');
  await panel.getByRole('button', { name: 'It can wait: send my message' }).click();
  const mine = panel.locator('li[data-message][data-waiting="true"]', { hasText: words });
  await mine.waitFor();
  assert.equal(sends.length, 1);
  assert.match(await panel.textContent(), /Sent\. The team's answer will appear here/);
  await expectAccessible(page, 'the thread with a waiting message');

  // The nurse: the thread waits on the home page, red flag marked; the reply from the page.
  const nurse = await phonePage(browser);
  await signIn(nurse, 'nurse@demo.example');
  await nurse.waitForURL(`${BASE_URL}/`);
  await expectHydrated(nurse);
  const patientId = patientPath.split('/').pop();
  const line = nurse.locator(`#waiting-messages li[data-waiting="${patientId}"]`);
  await line.waitFor();
  assert.match(await line.textContent(), /Red-flag words/);
  await expectAccessible(nurse, 'the nurse home with a waiting message');
  await line.getByRole('link').click();
  await nurse.waitForURL(new RegExp(`${patientPath}#messages$`));
  await expectHydrated(nurse);
  const seen = nurse.locator('#messages li[data-message]', { hasText: words });
  await seen.waitFor();
  assert.match(await seen.textContent(), /the writer was advised to call now/);
  const answer = `Please call us now about the fever. (${Date.now()})`;
  await nurse.locator('#messages').getByLabel('Your reply').fill(answer);
  await nurse.locator('#messages').getByRole('button', { name: 'Send the reply' }).click();
  await nurse.locator('#messages li[data-from-team="true"]', { hasText: answer }).waitFor();
  assert.equal(await nurse.locator('#messages li[data-waiting="true"]').count(), 0, 'answered');
  await expectAccessible(nurse, 'the nurse reading and replying');

  // The patient: the answer in the thread and in the inbox.
  await page.reload();
  await expectHydrated(page);
  await page.locator('#messages li[data-from-team="true"]', { hasText: answer }).waitFor();
  await page.goto(`${BASE_URL}/inbox`);
  await expectHydrated(page);
  const told = page.locator('li[data-reminder]', { hasText: 'Your care team replied' }).first();
  await told.waitFor();
  assert.equal(await told.getByRole('link').getAttribute('href'), `${patientPath}#messages`);
  const id = Number(await told.getAttribute('data-reminder'));
  await expectAccessible(page, 'the inbox with the reply');

  // A push shaped as the dispatcher sends that notice (its id, page and tag; the server side
  // of it is server/tests/api/team_messages.rs), shown by the worker; a tap opens the thread.
  await activeWorker(page);
  const sw = await worker(patient.context);
  const payload = { id, title: 'Your care team replied', body: 'Open the app to read the answer to your message.',
    url: `${patientPath}#messages`, tag: `reminder-${id}`, lang: 'en', urgent: false };
  const notification = await pushUntilShown(patient, JSON.stringify(payload), payload.title);
  assert.deepEqual(notification.data, { url: `${patientPath}#messages`, id });
  await sw.evaluate(async (tag) => {
    const [shown] = await self.registration.getNotifications({ tag });
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification: shown }));
  }, `reminder-${id}`);
  await page.waitForURL(`${BASE_URL}${patientPath}#messages`);
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(nurse.consoleErrors, []);
  await patient.context.close();
});
