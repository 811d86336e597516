// The bytes of a second visit to a patient's inbox (the home needs no wasm, so the inbox is
// the first page with wasm to keep): sign in, open the inbox in a new tab (the
// sign-in's Clear-Site-Data has emptied the HTTP cache), then again in another new tab, and
// sum what crossed the network for it (CDP encodedDataLength, headers included). The
// service worker is blocked: this measures the HTTP cache. No assertions (see
// tests/caching.test.mjs for those). Usage: BASE_URL=… node end2end/second-visit.mjs
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', serviceWorkers: 'block' });
const hydrated = (page) => page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
const page = await context.newPage();
await page.goto(`${BASE_URL}/login`);
await page.getByLabel('Email').fill('patient.infused@demo.example');
await page.getByLabel('Password').fill('demo-password');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(`${BASE_URL}/`);
await page.waitForLoadState('networkidle');
for (const visit of ['first', 'second']) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  const bytes = new Map();
  const kinds = new Map();
  cdp.on('Network.responseReceived', ({ requestId, type }) => kinds.set(requestId, type));
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => bytes.set(requestId, encodedDataLength));
  await cdp.send('Network.enable');
  await tab.goto(`${BASE_URL}/inbox`);
  await hydrated(tab);
  await tab.waitForLoadState('networkidle');
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const html = [...bytes].filter(([id]) => kinds.get(id) === 'Document').reduce((a, [, b]) => a + b, 0);
  console.log(`${visit} visit to the patient's inbox: ${total} bytes (HTML ${html}), ${bytes.size} responses`);
}
await browser.close();
