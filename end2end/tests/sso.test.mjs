// Staff sign-in through the hospital's OpenID provider, clicked through in Chromium: a
// server of its own, set up to use npm oidc-provider (end2end/oidc/provider.mjs) on
// `localhost` while the app is on 127.0.0.1 — two sites, so the SameSite=Strict session
// cookie is really withheld on the provider's redirect back, as in a hospital.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch, phonePage, expectAccessible, expectHydrated } from './support.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
let browser, provider, server, work, app, issuer;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/// Starts `command` and waits until a line of its output matches `ready`.
function started(command, args, options, ready) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${said}`)), 30000);
    const listen = (chunk) => {
      said += chunk;
      if (ready.test(said)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.on('exit', (code) => reject(new Error(`${command} stopped (${code}): ${said}`)));
  });
}

before(async () => {
  const [appPort, providerPort] = [await freePort(), await freePort()];
  app = `http://127.0.0.1:${appPort}`;
  issuer = `http://localhost:${providerPort}`;
  provider = await started('node', ['oidc/provider.mjs'], {
    cwd: path.join(ROOT, 'end2end'),
    env: { ...process.env, PORT: String(providerPort), APP: app },
  }, /listening on/);
  work = mkdtempSync(path.join(os.tmpdir(), 'vtv-sso-'));
  server = await started(path.join(ROOT, 'target/debug/vein-to-vein'), [], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${work}/sso.db`,
      VTV_DEMO: 'true',
      LEPTOS_SITE_ADDR: `127.0.0.1:${appPort}`,
      LEPTOS_SITE_ROOT: 'target/site',
      VTV_PUBLIC_URL: app,
      VTV_OIDC_ISSUER: issuer,
      VTV_OIDC_CLIENT_SECRET: 'test-client-secret',
      VTV_OIDC_ROLES: 'vtv-admins=admin,vtv-nurses=nurse',
      // The demo centre, the first of the fresh database.
      VTV_OIDC_CENTRES: 'UZL-HEM=1',
    },
  }, /Vein-to-Vein is listening on/);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  provider?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a nurse signs in at the hospital\'s provider, lands on her centre\'s patients, and signs out there', async () => {
  const page = await phonePage(browser);
  // Errors on our own pages only: the provider's pages (its favicon) are not ours.
  const ours = [];
  page.on('console', (m) => { if (m.type() === 'error' && page.url().startsWith(app)) ours.push(`${page.url()}: ${m.text()}`); });
  await page.goto(`${app}/login`);
  await expectAccessible(page, 'the sign-in page with the hospital\'s sign-in');
  await page.getByRole('link', { name: 'Sign in with your hospital account' }).click();
  // The provider's own page, on the other site.
  await page.waitForURL((url) => url.origin === issuer);
  await page.getByLabel('User name').fill('nora');
  await page.getByLabel('Password').fill('anything');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back through the callback, on to the app with the session cookie sent.
  await page.waitForURL(`${app}/`);
  await expectHydrated(page);
  assert.match(await page.textContent('h1'), /Patients at Demo Centre/);
  await expectAccessible(page, 'the nurse home after the hospital\'s sign-in');

  // Signing out goes through the provider, which asks, then sends her back.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin === issuer);
  await page.getByRole('button', { name: /sign me out/i }).click();
  await page.waitForURL((url) => url.href.startsWith(`${app}/login`));
  const home = await page.goto(`${app}/`);
  assert.ok(home.url().startsWith(`${app}/login`), `signed out: ${home.url()}`);
  assert.deepEqual(ours, []);
});

test('someone whose groups give no role is told so on the sign-in page', async () => {
  const page = await phonePage(browser);
  await page.goto(`${app}/login`);
  await page.getByRole('link', { name: 'Sign in with your hospital account' }).click();
  await page.waitForURL((url) => url.origin === issuer);
  await page.getByLabel('User name').fill('olga');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/error=sso-no-role/);
  assert.match(await page.getByRole('alert').textContent(), /no role in Vein-to-Vein/);
  await expectAccessible(page, 'the refusal');
});
