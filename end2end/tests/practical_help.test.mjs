import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, phonePage, expectHydrated, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CENTRE = 'Demo Centre (synthetic)';

/** The admin's form of the demo centre: its language and texts, saved. */
async function saveHelp(admin, language, lodging) {
  const form = admin.locator('#centre-help form', { has: admin.getByRole('heading', { name: CENTRE }) });
  await form.getByLabel(/Language of the centre's staff/).selectOption(language);
  await form.getByLabel('Where to stay').fill(lodging);
  await form.getByRole('button', { name: 'Save practical help' }).click();
  await admin.locator('#centre-help [role="status"]', { hasText: 'Practical help saved.' }).waitFor();
}

test('an admin writes practical help, and a patient staying abroad reads it with the number to call there and a card in two languages', async () => {
  const admin = await phonePage(browser);
  await signIn(admin, 'admin@demo.example');
  await admin.waitForURL(`${BASE_URL}/`);
  await expectHydrated(admin);
  const lodging = `Hotel Aurora, five minutes' walk: ask for the patients' rate. (${Date.now()})`;
  await saveHelp(admin, 'fr', lodging);
  await expectAccessible(admin, 'the admin page with practical help');

  const page = await phonePage(browser);
  try {
    await signIn(page, 'patient.followup@demo.example');
    await page.waitForURL(`${BASE_URL}/`);
    await page.getByRole('link', { name: 'Practical help' }).click();
    await page.waitForURL(/\/patients\/\d+#help$/);
    await expectHydrated(page);
    const panel = page.locator('#help');
    assert.equal(await panel.locator('[data-topic="lodging"]').textContent(), lodging);
    assert.equal(await panel.locator('[data-emergency]').getAttribute('data-emergency'), '112');
    // Staying in England between visits: the number there is 999.
    await panel.getByLabel('Where are you staying during treatment?').selectOption('GB');
    await panel.getByRole('button', { name: 'Save where I stay' }).click();
    await panel.locator('[role="status"]', { hasText: 'Saved.' }).waitFor();
    await panel.locator('[data-emergency="999"]').waitFor();
    await expectAccessible(page, 'practical help, staying abroad');

    // The alert card: in English, then in the centre's French, each with the number to call.
    const patientPath = new URL(page.url()).pathname;
    await page.goto(`${BASE_URL}${patientPath}/card`);
    await expectHydrated(page);
    const cards = page.locator('article.alert-card');
    await cards.nth(1).waitFor();
    assert.equal(await cards.count(), 2);
    assert.equal(await cards.nth(0).getAttribute('lang'), 'en');
    assert.equal(await cards.nth(1).getAttribute('lang'), 'fr');
    assert.match(await cards.nth(1).textContent(), /En cas d'urgence/);
    assert.equal(await cards.nth(1).locator('[data-emergency]').getAttribute('data-emergency'), '999');
    await expectAccessible(page, 'the alert card in two languages');
    assert.deepEqual(page.consoleErrors, []);
    assert.deepEqual(admin.consoleErrors, []);
  } finally {
    // Other tests read the demo patient's card in English alone and the number of Belgium.
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('link', { name: 'Practical help' }).click();
    await expectHydrated(page);
    await page.locator('#help').getByLabel('Where are you staying during treatment?').selectOption('');
    await page.locator('#help').getByRole('button', { name: 'Save where I stay' }).click();
    await page.locator('#help [data-emergency="112"]').waitFor();
    await saveHelp(admin, 'en', lodging);
  }
});
