// Passkeys in Chromium, with the DevTools protocol's virtual authenticator (a phone's
// fingerprint reader: resident keys, user verification). An IP address cannot be a relying
// party, so this test starts its own server whose public address is http://localhost:<port>
// (the other tests' server is on 127.0.0.1 and offers no passkeys).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, expectHydrated, expectAccessible, expectPlain, DEMO_PASSWORD } from './support.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const EMAIL = 'patient.infused@demo.example';
let server;
let work;
let base;
let browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'vtv-passkeys-'));
  const port = await freePort();
  base = `http://localhost:${port}`;
  server = spawn(join(ROOT, 'target/debug/vein-to-vein'), [], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${join(work, 'db.sqlite')}`,
      VTV_DEMO: 'true',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      VTV_PUBLIC_URL: base,
      VTV_SECRETS_KEY_FILE: join(work, 'secrets.key'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await listening(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

/// A port nobody listens on now (the server is told it, so that its public address names it).
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function listening(child) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60000);
    const read = (chunk) => {
      output += chunk;
      if (output.includes('Vein-to-Vein is listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server stopped (${code}):\n${output}`)));
  });
}

/// Seconds until the session cookie expires, as the browser keeps it.
async function sessionSeconds(context) {
  const cookie = (await context.cookies(base)).find((c) => c.name === 'vtv_session');
  assert.ok(cookie, 'a session cookie');
  return cookie.expires - Date.now() / 1000;
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
}

async function signInWithPasskey(page) {
  await page.goto(`${base}/login`);
  await expectPlain(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
}

test('a patient makes a passkey, signs in with it, stays signed in for 30 days on a phone marked as theirs, and a removed one no longer works', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true },
  });

  // With the password first (this also makes the browser a known device).
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${base}/`);
  const passwordSession = await sessionSeconds(context);
  assert.ok(passwordSession <= 12 * 3600 + 60, `a password session lasts the configured 12 h, not ${passwordSession} s`);

  // Settings: make a passkey on this phone.
  await page.goto(`${base}/settings`);
  await expectHydrated(page);
  await page.getByRole('button', { name: 'Create a passkey on this phone' }).click();
  await page.getByText('Your passkey is ready.').waitFor();
  await page.locator('[data-passkeys="1"]').waitFor();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true, 'discoverable: no email to type');
  assert.equal(credentials[0].rpId, 'localhost');
  await expectAccessible(page, 'settings with a passkey');

  // Signed in with it on a phone not marked as one's own: the configured limits.
  await signOut(page);
  await signInWithPasskey(page);
  await page.waitForURL(`${base}/`);
  const notOwn = await sessionSeconds(context);
  assert.ok(notOwn <= 12 * 3600 + 60, `not marked as one's own: 12 h, not ${notOwn} s`);

  // "This phone is mine", then a passkey sign-in: 30 days.
  await page.goto(`${base}/settings`);
  await expectHydrated(page);
  await page.getByLabel('This phone is mine: nobody else uses it').check();
  await page.locator('#own-device').getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await signOut(page);
  await signInWithPasskey(page);
  await page.waitForURL(`${base}/`);
  const own = await sessionSeconds(context);
  assert.ok(own > 29 * 86400 && own <= 30 * 86400 + 60, `one's own phone and a passkey: 30 days, not ${own} s`);
  await page.goto(`${base}/settings`);
  await page.locator('[data-passkey]').getByText(/last used on/).waitFor();

  // Removed here, the passkey is still on the phone, and the server refuses it.
  await page.getByRole('button', { name: 'Remove this passkey' }).click();
  await page.getByText('The passkey was removed.').waitFor();
  await page.locator('[data-passkeys="0"]').waitFor();
  await signOut(page);
  await signInWithPasskey(page);
  await page.getByText('That passkey could not be used.').waitFor();
  assert.match(page.url(), /\/login/);
  assert.equal((await context.cookies(base)).some((c) => c.name === 'vtv_session'), false, 'not signed in');
  await expectAccessible(page, 'the sign-in page offering passkeys');
  assert.deepEqual(errors, []);
  await context.close();
});
