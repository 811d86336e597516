// Takes the manifest's screenshots (public/screenshot-*.png) from a running demo server:
//   BASE_URL=http://127.0.0.1:3000 node end2end/screenshots.mjs
// Not part of the test command; the PNGs are committed. Demo data only: no real person.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const here = path.dirname(fileURLToPath(import.meta.url));
const out = (name) => path.join(here, '..', 'public', name);
const shots = [
  ['screenshot-phone.png', { width: 390, height: 844 }, 2],
  ['screenshot-wide.png', { width: 1280, height: 800 }, 1],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
for (const [name, viewport, deviceScaleFactor] of shots) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, locale: 'en-GB' });
  const page = await context.newPage();
  // Sign-in and the patient's home are served without the wasm: loaded is ready.
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Email').fill('patient.infused@demo.example');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await page.waitForLoadState('load');
  await page.screenshot({ path: out(name) });
  console.log(`${name}: ${viewport.width * deviceScaleFactor}x${viewport.height * deviceScaleFactor}`);
  await context.close();
}
await browser.close();
