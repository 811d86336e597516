// Draws the app's PNG icons from public/icon.svg's shapes with Debian's Chromium, so that
// they can be made again when the icon changes: node end2end/icons.mjs (writes public/).
// Not part of the test command; the PNGs are committed.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = (name) => path.join(here, '..', 'public', name);
const TEAL = '#0b5d6b';
const glyph = `
  <path d="M256 96c-60 90-120 150-120 220a120 120 0 0 0 240 0c0-70-60-130-120-220z" fill="#fff"/>
  <path d="M200 320h112M256 264v112" stroke="${TEAL}" stroke-width="28" stroke-linecap="round"/>`;

// any: the rounded tile of icon.svg; maskable and apple: a full square (the system cuts
// the shape), the drop scaled into the central safe zone (a circle of 40 % of the size).
const svg = (kind) => {
  const tile = kind === 'any'
    ? `<rect width="512" height="512" rx="96" fill="${TEAL}"/>`
    : `<rect width="512" height="512" fill="${TEAL}"/>`;
  const scale = kind === 'maskable' ? 0.75 : kind === 'apple' ? 0.8 : 1;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${tile}
    <g transform="translate(256 266) scale(${scale}) translate(-256 -266)">${glyph}</g></svg>`;
};

const icons = [
  ['icon-192.png', 192, 'any'],
  ['icon-512.png', 512, 'any'],
  ['icon-maskable-192.png', 192, 'maskable'],
  ['icon-maskable-512.png', 512, 'maskable'],
  ['apple-touch-icon.png', 180, 'apple'],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
for (const [name, size, kind] of icons) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const body = svg(kind).replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0">${body}</body></html>`);
  await page.locator('svg').screenshot({ path: out(name), omitBackground: kind === 'any' });
  await page.close();
  console.log(`${name}: ${size}x${size} (${kind})`);
}
await browser.close();
