// Web Push in the browser: the page registers /sw.js (public/push.js), the worker shows what
// the server pushes (delivered here through the DevTools protocol, no push service needed)
// and a tapped notification brings the right page of ours into view, never another site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, expectHydrated, signIn, expectPlain } from './support.mjs';
import { activeWorker, worker, push, shown, pushUntilShown, notifyingContext } from './push_support.mjs';

let browser;
let patient; // { context, page }, signed in once for the three tests
before(async () => {
  browser = await launch();
  patient = await notifyingContext(browser, 'en-GB');
  await signIn(patient.page, 'patient.infused@demo.example');
  await patient.page.waitForURL(`${BASE_URL}/`);
  await expectPlain(patient.page);
});
after(async () => { await browser?.close(); });


test('every page registers the service worker, scope /, and it activates', async () => {
  const registration = await activeWorker(patient.page);
  assert.deepEqual(registration, { script: `${BASE_URL}/sw.js`, state: 'activated', scope: `${BASE_URL}/` });
  assert.deepEqual(patient.page.consoleErrors, []);
});

test('a pushed reminder shows as a notification; an unreadable push shows a generic one in the browser\'s language', async () => {
  await activeWorker(patient.page);
  const payload = { id: 42, title: 'Time for your mood check-in', body: 'It takes two minutes.',
    url: '/checkins/phq9?patient=3', tag: 'reminder-42', lang: 'en', urgent: true };
  await push(patient, JSON.stringify(payload));
  assert.deepEqual(await shown(patient.page, payload.title), {
    title: payload.title, body: payload.body, tag: 'reminder-42', lang: 'en',
    data: { url: '/checkins/phq9?patient=3', id: 42 }, requireInteraction: true,
  });

  // Another site's address is never kept as the target.
  await push(patient, JSON.stringify({ ...payload, id: 43, tag: 'reminder-43', title: 'Elsewhere', url: 'https://evil.example/' }));
  assert.deepEqual((await shown(patient.page, 'Elsewhere')).data, { url: '/inbox', id: 43 });

  const french = await notifyingContext(browser, 'fr-FR');
  await french.page.goto(`${BASE_URL}/login`);
  await activeWorker(french.page);
  // Right after this page's first load, as in the next test: a lost delivery is sent again
  // (CI lost this one once, 1 run in 3).
  const generic = await pushUntilShown(french, 'not JSON', 'Vous avez un nouveau rappel');
  assert.equal(generic.body, 'Ouvrez Vein-to-Vein pour le lire');
  assert.deepEqual(generic.data, { url: '/inbox', id: null });
  await french.context.close();
});

test('a tapped notification opens its page in the open window, and never another site', async () => {
  const { context, page } = patient;
  await page.goto(`${BASE_URL}/`);
  await activeWorker(page);
  const sw = await worker(context);
  await pushUntilShown(patient, JSON.stringify({ id: 7, title: 'Your reminders', body: 'One new reminder.', url: '/inbox', tag: 'reminder-7', lang: 'en' }), 'Your reminders');

  // The worker's own notificationclick handler, on the notification it showed.
  await sw.evaluate(async () => {
    const [notification] = await self.registration.getNotifications({ tag: 'reminder-7' });
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
  });
  await page.waitForURL(`${BASE_URL}/inbox`);
  assert.equal(await sw.evaluate(async () => (await self.registration.getNotifications({ tag: 'reminder-7' })).length), 0, 'closed');
  // Already there: that window is brought forward (focus itself needs a real tap).
  assert.equal(await sw.evaluate(() => self.openNotificationTarget({ url: '/inbox' })), 'focused');

  for (const foreign of ['https://evil.example/', '//evil.example/', '/\\evil.example/', 'javascript:alert(1)']) {
    await page.goto(`${BASE_URL}/`);
    await activeWorker(page);
    assert.equal(await sw.evaluate((url) => self.openNotificationTarget({ url }), foreign), 'navigated', foreign);
    await page.waitForURL(`${BASE_URL}/inbox`);
  }
  assert.deepEqual(page.consoleErrors, []);
});
