import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, expectAccessible, sidewaysScroll } from './support.mjs';
import { pagesOf } from './pages.mjs';

// Every page of a patient and a caregiver at 200% zoom on a phone and on a 320 px wide
// screen (WCAG 1.4.10): no sideways scrolling, and axe passes, with an unread reminder,
// questions left unanswered, a red flag and a wrong password on screen.
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SCREENS = [
  // 200% zoom of a 390 px wide phone lays the page out in 195 CSS pixels.
  ['200% zoom', { viewport: { width: 195, height: 422 }, deviceScaleFactor: 2 }],
  ['a 320 px wide screen', { viewport: { width: 320, height: 640 } }],
];

for (const [screen, options] of SCREENS) {
  for (const role of ['patient', 'caregiver']) {
    test(`a ${role}'s pages reflow and pass axe at ${screen}`, async (t) => {
      const context = await browser.newContext({ ...options, locale: 'en-GB' });
      const page = await context.newPage();
      const pages = await pagesOf(page, role);
      const problems = [];
      for (const [name, bringOnScreen] of pages) {
        await bringOnScreen();
        const overflow = await sidewaysScroll(page);
        if (overflow > 0) problems.push(`${name} scrolls sideways by ${overflow}px`);
        // Every page's violations, not only the first page's.
        await expectAccessible(page, name).catch((error) => problems.push(error.message));
      }
      t.diagnostic(`${pages.length} pages at ${screen}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
