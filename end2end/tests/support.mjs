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

/// A page served as plain HTML (sign-in, invitation): loaded, with no wasm nor its loader
/// asked for; its forms post without it.
export async function expectPlain(page) {
  await page.waitForLoadState('load');
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.endsWith('.wasm') || path.startsWith('/pkg/') && path.endsWith('.js')));
  assert.deepEqual(wasm, [], 'no wasm on a plain page');
}

/// A check-in served without the app's wasm: loaded, no file of the app's wasm asked for,
/// and its own small engine (/checkin-engine.wasm) ready, so that the form answers at once.
export async function expectCheckinForm(page) {
  await page.waitForSelector('form[data-engine="ready"]', { timeout: 20000 });
  const app = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.startsWith('/pkg/') && (path.endsWith('.wasm') || path.endsWith('.js'))));
  assert.deepEqual(app, [], "no file of the app's wasm on a check-in");
}

/// Ready to use: hydrated where the page loads the wasm, loaded where it is served as plain
/// HTML (sign-in, the invitation, the home of patients and caregivers), with its engine on a
/// check-in. For walks over many pages; which pages are plain is checked by
/// server/tests/api/plain_pages.rs and by the tests that land on each.
export async function expectReady(page) {
  await page.waitForLoadState('domcontentloaded');
  const hydrates = await page.locator('link[rel="modulepreload"]').count() > 0;
  if (hydrates) await expectHydrated(page);
  else if (await page.locator('#checkin-plain').count() > 0) await expectCheckinForm(page);
  else await expectPlain(page);
}

export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto(`${BASE_URL}/login`);
  await expectPlain(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
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

/// Saves a picture of what is on screen to end2end/screenshots/<name>.png for the README, only
/// when VTV_SCREENSHOTS=1. The pictures are committed; an ordinary test run must not rewrite
/// them (dates and pixels change from run to run), so it only checks that the page is there.
export async function screenshot(page, name) {
  if (process.env.VTV_SCREENSHOTS !== '1') return;
  const path = new URL(`../screenshots/${name}.png`, import.meta.url).pathname;
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
}

/// How far the page scrolls sideways, in CSS pixels (0 when it reflows).
export function sidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/// Every visible control smaller than 44 × 44 CSS pixels (WCAG 2.5.5), with the smallest
/// side measured over all of them. A radio button or checkbox is measured by its label, which
/// is what a finger taps (tapping the label checks it).
///
/// Exempt, as WCAG 2.5.8 allows: a link inside running text, i.e. in a paragraph that holds
/// words besides its links and buttons; its size is the line's. None of the pages has one
/// today, so the exemption only keeps the check honest for text written later.
export function smallTargets(page) {
  return page.evaluate(() => {
    const MIN = 44;
    const onScreen = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // The skip link waits off-screen (left: -100vw) until focused.
      return r.width > 0 && r.height > 0 && r.right > 0 && style.visibility !== 'hidden';
    };
    const inRunningText = (el) => {
      const p = el.closest('p');
      if (!p || el.tagName !== 'A') return false;
      const copy = p.cloneNode(true);
      copy.querySelectorAll('a, button').forEach((c) => c.remove());
      return copy.textContent.trim().length > 0;
    };
    const targetOf = (el) => {
      if (el.matches('input[type="checkbox"], input[type="radio"]')) {
        return el.closest('label') ?? (el.id && document.querySelector(`label[for="${el.id}"]`)) ?? el;
      }
      return el;
    };
    const describe = (el) => {
      const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes} "${text}"`;
    };
    const targets = new Set();
    for (const el of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, label')) {
      if (el.tagName === 'LABEL' && !el.querySelector('input, select, textarea')) continue;
      if (!onScreen(el) || inRunningText(el)) continue;
      targets.add(targetOf(el));
    }
    let smallest = Infinity;
    const small = [];
    for (const el of targets) {
      const r = el.getBoundingClientRect();
      smallest = Math.min(smallest, r.width, r.height);
      if (r.width < MIN - 0.01 || r.height < MIN - 0.01) small.push(`${describe(el)} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
    }
    return { count: targets.size, smallest, small };
  });
}
