import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectPlain, smallTargets } from './support.mjs';
import { pagesOf } from './pages.mjs';

// Fever, chills and tremor make small targets hard to hit: every control on a patient's and
// a caregiver's pages is at least 44 × 44 CSS pixels (WCAG 2.5.5), on a phone.
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const role of ['patient', 'caregiver']) {
  test(`every control on a ${role}'s pages is at least 44 × 44 CSS pixels`, async (t) => {
    const page = await phonePage(browser);
    const pages = await pagesOf(page, role);
    const problems = [];
    let [targets, smallest] = [0, Infinity];
    for (const [name, bringOnScreen] of pages) {
      await bringOnScreen();
      const found = await smallTargets(page);
      assert.ok(found.count > 0, `${name}: no controls found, the check would pass on anything`);
      targets += found.count;
      smallest = Math.min(smallest, found.smallest);
      if (found.small.length > 0) problems.push(`${name}: ${found.small.join('; ')}`);
    }
    t.diagnostic(`${pages.length} pages, ${targets} targets, smallest side ${smallest.toFixed(1)} px`);
    assert.deepEqual(problems, [], 'controls under 44 × 44 CSS pixels');
    await page.context().close();
  });
}

test('the check finds a small button and leaves a link in a sentence alone', async () => {
  const page = await phonePage(browser);
  await page.goto(`${BASE_URL}/login`);
  await expectPlain(page);
  await page.evaluate(() => {
    const main = document.querySelector('main');
    // Styled from script: the CSP refuses style attributes.
    main.insertAdjacentHTML('beforeend', '<button id="tiny">x</button><p>Read <a href="#">the leaflet</a> before the infusion.</p>');
    Object.assign(document.querySelector('#tiny').style, { minHeight: '0', minWidth: '0', padding: '0', margin: '0', fontSize: '10px' });
  });
  const found = await smallTargets(page);
  assert.equal(found.small.length, 1, found.small.join('; '));
  assert.match(found.small[0], /^button#tiny "x"/);
  assert.ok(found.smallest < 44);
  await page.context().close();
});
