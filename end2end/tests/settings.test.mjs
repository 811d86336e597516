import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// RFC 8291's example device: a real P-256 key the server accepts.
const P256DH = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';
const AUTH = 'BTBZMqHH6r4Tts7J_aSIgg';

async function settingsPage(email) {
  const page = await phonePage(browser);
  // Counts every permission request, so that "never on page load" can be checked.
  await page.addInitScript(() => {
    window.permissionRequests = 0;
    if (!('Notification' in window)) return;
    const ask = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (...args) => { window.permissionRequests += 1; return ask(...args); };
  });
  await signIn(page, email);
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(`${BASE_URL}/settings`);
  await expectHydrated(page);
  return page;
}

test('permission is asked only after the person opens the explanation and chooses to', async () => {
  const page = await settingsPage('patient.infused@demo.example');
  await page.getByText('Devices that get reminders').waitFor();
  await expectAccessible(page, '/settings');
  assert.equal(await page.evaluate(() => window.permissionRequests), 0, 'nothing asked on load');
  const button = page.getByRole('button', { name: 'Turn on reminders on this phone' });
  assert.equal(await button.isVisible(), false, 'behind the explanation');
  await page.getByText('Reminders on this phone', { exact: true }).click();
  await page.getByText('can appear on this phone even when the app is closed').waitFor();
  await button.click();
  // Headless Chromium refuses notifications unless granted: the person is told what to do.
  await page.getByRole('status').filter({ hasText: 'Notifications are blocked for this site' }).waitFor();
  assert.equal(await page.evaluate(() => window.permissionRequests), 1);
  assert.deepEqual(page.consoleErrors, []);
});

test('a device is listed and removed; kinds of reminder and quiet hours are saved', async () => {
  const page = await settingsPage('patient.followup@demo.example');
  const status = await page.evaluate(async ({ p256dh, auth }) => {
    const body = new URLSearchParams({
      'subscription[endpoint]': 'https://fcm.googleapis.com/fcm/send/e2e-phone',
      'subscription[p256dh]': p256dh, 'subscription[auth]': auth, 'subscription[device]': 'E2E phone',
    });
    const r = await fetch('/api/push/subscribe', { method: 'POST', body, headers: { Accept: 'application/json' } });
    return r.status;
  }, { p256dh: P256DH, auth: AUTH });
  assert.equal(status, 200);
  await page.reload();
  await expectHydrated(page);
  const device = page.locator('li[data-device]').filter({ hasText: 'E2E phone' });
  await device.waitFor();
  // "Remove" was once white on white: axe checks its contrast with the device on screen.
  await expectAccessible(page, '/settings with a device listed');
  const remove = device.getByRole('button', { name: 'Remove' });
  const box = await remove.boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `"Remove" is ${box.width} × ${box.height}`);
  await remove.click();
  await page.getByText('None yet.').waitFor();

  const urgent = page.getByLabel('Urgent alerts (always on)');
  assert.equal(await urgent.isChecked(), true);
  assert.equal(await urgent.isDisabled(), true, 'urgent alerts cannot be switched off');
  await page.getByLabel('Temperature checks').uncheck();
  await page.getByLabel('Until').fill('08:30');
  const kinds = page.locator('form', { hasText: 'Quiet hours' });
  await kinds.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. Your coming reminders follow these settings.').waitFor();

  // Discreet on the lock screen unless chosen, and told first who can then read it.
  const lockScreen = page.locator('form', { hasText: 'On the lock screen' });
  const detail = lockScreen.getByLabel('Show what each reminder is about');
  assert.equal(await detail.isChecked(), false, 'discreet by default');
  await lockScreen.getByText('Anyone who sees your phone, even locked, can then read it, for example "CAR-T infusion (day 0)".').waitFor();
  await detail.check();
  await lockScreen.getByRole('button', { name: 'Save' }).click();
  await lockScreen.getByRole('status').waitFor();

  await page.reload();
  await expectHydrated(page);
  await page.getByLabel('Temperature checks').waitFor();
  assert.equal(await page.getByLabel('Temperature checks').isChecked(), false, 'kept');
  assert.equal(await page.getByLabel('Until').inputValue(), '08:30');
  assert.equal(await page.getByLabel('Appointments and treatment days').isChecked(), true);
  assert.equal(await page.getByLabel('Show what each reminder is about').isChecked(), true, 'the choice kept');
  assert.deepEqual(page.consoleErrors, []);
});

test('a calendar address is made in settings, reads as a calendar with neutral titles, and stops', async () => {
  const page = await settingsPage('patient.infused@demo.example');
  const panel = page.locator('#calendar');
  await panel.getByRole('button', { name: 'Make a calendar address' }).click();
  await page.getByText('The calendar address is ready').waitFor();
  const address = await page.locator('[data-calendar-address]').inputValue();
  assert.match(address, /\/calendar\/[A-Za-z0-9_-]{43}\/visits\.ics$/);
  assert.match(await panel.getByRole('link', { name: 'Open in my calendar app' }).getAttribute('href'), /^webcal:\/\//);
  await expectAccessible(page, 'settings with a calendar address');
  // Read as a calendar app reads it: no cookie. (The address names VTV_PUBLIC_URL; this
  // server listens on a port of its own.)
  const atServer = `${BASE_URL}${new URL(address).pathname}`;
  const feed = await fetch(atServer);
  assert.equal(feed.status, 200);
  const text = await feed.text();
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, /SUMMARY:Hospital visit\r\n/);
  assert.doesNotMatch(text, /CAR-T|Infusion|Yescarta/);
  await panel.getByRole('button', { name: 'Stop this calendar' }).click();
  await page.getByText('That calendar address no longer works.').waitFor();
  assert.equal((await fetch(atServer)).status, 404);
  await panel.getByRole('button', { name: 'Make a calendar address' }).waitFor();
});
