// Shared set-up: Debian's Chromium driven by playwright-core, pages checked with axe-core.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
export const DEMO_PASSWORD = 'demo-password';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // The machine's network is closed: no background calls to Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// A phone-sized page that records console errors (CSP violations among them).
export async function phonePage(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') page.consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => page.consoleErrors.push(String(error)));
  return page;
}

export async function expectHydrated(page) {
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
}

export async function expectAccessible(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
  assert.deepEqual(summary, [], `axe found violations on ${what}`);
}

export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto(`${BASE_URL}/login`);
  await expectHydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/// A browser profile on disk, as an installed app has (default contexts are incognito).
export function persistent(dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 390, height: 844 },
    locale: 'en-GB',
  });
}

/// Waits for the worker to be active and its shell cache to hold every file the worker
/// lists (a file the install could not fetch is fetched at the next page opened online);
/// answers what it kept and the list.
export async function shellKept(page) {
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
    null, { timeout: 20000, polling: 100 });
  const listed = await page.evaluate(async () => {
    const text = await (await fetch('/sw.js')).text();
    return JSON.parse(text.split('\n')[0].replace('self.VTV_SHELL = ', '').replace(/;$/, '')).files;
  });
  const kept = () => page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('vtv-shell-'));
    const cache = await caches.open(names[0]);
    return { names, paths: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  for (let round = 0; round < 40; round++) {
    const now = await kept();
    if (listed.every((f) => now.paths.includes(f))) return { ...now, listed, rounds: round };
    if (round === 10) await page.reload();
    await page.waitForTimeout(250);
  }
  return { ...(await kept()), listed, rounds: 40 };
}
