import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage, expectAccessible } from './support.mjs';
import { pagesOf } from './pages.mjs';

// Dark mode for the night, when a bright screen hurts; forced colours (Windows high
// contrast) for people who need their own. Both keep every control visible and the red
// flag's advice prominent.
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The relative luminance (WCAG) of a computed `rgb(…)` colour.
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

for (const role of ['patient', 'caregiver']) {
  test(`in dark mode a ${role}'s pages are dark and pass axe, colour contrast included`, async () => {
    const page = await phonePage(browser);
    await page.emulateMedia({ colorScheme: 'dark' });
    const pages = await pagesOf(page, role);
    const problems = [];
    for (const [name, bringOnScreen] of pages) {
      await bringOnScreen();
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      if (luminance(background) > 0.05) problems.push(`${name}: a light background in dark mode (${background})`);
      await expectAccessible(page, `${name}, in dark mode`).catch((error) => problems.push(error.message));
      if (name.includes('red flag')) {
        // Still framed in red, thick, and the number to call is there.
        const advice = await page.locator('.urgent-advice').evaluate((el) => {
          const s = getComputedStyle(el);
          return { width: parseFloat(s.borderTopWidth), colour: s.borderTopColor };
        });
        const [r, g, b] = advice.colour.match(/\d+/g).map(Number);
        assert.ok(advice.width >= 3 && r > 200 && r > g + 60 && r > b + 60, `the advice's red frame: ${JSON.stringify(advice)}`);
        assert.ok(await page.locator('.urgent-advice a.call').isVisible());
      }
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}

// The pages with the most kinds of control, for each role.
const FORCED_COLOURS = {
  patient: ['the sign-in page', 'the patient home', 'the symptom diary with a red flag', 'settings', 'the inbox with an unread reminder'],
  caregiver: ['the caregiver home', "the patient's journey, as the caregiver sees it", 'settings', 'the inbox with an unread reminder'],
};

for (const role of ['patient', 'caregiver']) test(`with forced colours every button and card of a ${role}'s pages keeps a visible border`, async () => {
  const page = await phonePage(browser);
  await page.emulateMedia({ forcedColors: 'active' });
  const pages = await pagesOf(page, role);
  const wanted = FORCED_COLOURS[role];
  const problems = [];
  const chosen = pages.filter(([name]) => wanted.includes(name));
  assert.equal(chosen.length, wanted.length, `pages found: ${chosen.map(([name]) => name)}`);
  for (const [name, bringOnScreen] of chosen) {
    await bringOnScreen();
    assert.ok(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), 'forced colours emulated');
    const borderless = await page.evaluate(() => [...document.querySelectorAll('button, .card, .badge, .feedback, .hotline, .urgent-advice')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const s = getComputedStyle(el);
        return !(parseFloat(s.borderTopWidth) >= 1 && s.borderTopStyle !== 'none' && parseFloat(s.borderBottomWidth) >= 1);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}"`));
    if (borderless.length > 0) problems.push(`${name}: ${borderless.join('; ')}`);
  }
  assert.equal(problems.length, 0, problems.join('\n'));
  await page.context().close();
});
