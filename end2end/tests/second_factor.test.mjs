import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BASE_URL, launch, phonePage, expectHydrated, expectPlain, expectAccessible, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// An authenticator app's code (RFC 6238: HMAC-SHA-1, 30 s, 6 digits), from the base32 key
/// the settings page shows, as a phone would make it: node's own crypto, not our code.
function totp(key, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of key.replace(/\s/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', bytes).update(counter).digest();
  const offset = mac[19] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

test('a researcher turns on two-step sign-in, signs in with a code, and turns it off; the pages pass axe', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'researcher@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  await page.goto(`${BASE_URL}/settings`);
  await expectHydrated(page);
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  const keyText = page.locator('[data-totp-key]');
  await keyText.waitFor();
  const key = await keyText.getAttribute('data-totp-key');
  assert.match(await page.locator('[data-totp-uri]').getAttribute('href'), /^otpauth:\/\/totp\/Vein-to-Vein/);
  await page.locator('#second-factor-code').fill(totp(key));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.locator('[data-recovery-codes] li').first().waitFor();
  assert.equal(await page.locator('[data-recovery-codes] li').count(), 10);
  const codes = await page.locator('[data-recovery-codes] li').allTextContents();
  const recovery = codes[0];
  // Whatever fails below, the demo researcher is left signing in with a password alone.
  try {
    await page.locator('[data-second-factor="on"]').waitFor();
    await expectAccessible(page, '/settings with two-step sign-in on');

    // The next sign-in asks for the code (the one just used is good once: wait for the next).
    const fresh = await phonePage(browser);
    await signIn(fresh, 'researcher@demo.example');
    await fresh.waitForURL(/\/login\/second-step$/);
    await expectPlain(fresh);
    await expectAccessible(fresh, '/login/second-step');
    await fresh.getByLabel('Code').fill('000000');
    await fresh.getByRole('button', { name: 'Continue' }).click();
    await fresh.waitForURL(/error=second-step-refused/);
    assert.match(await fresh.getByRole('alert').textContent(), /not right/);
    await new Promise((resolve) => setTimeout(resolve, 30000 - (Date.now() % 30000) + 500));
    await fresh.getByLabel('Code').fill(totp(key));
    await fresh.getByRole('button', { name: 'Continue' }).click();
    await fresh.waitForURL(`${BASE_URL}/`);

    // Turned off with a recovery code, so that the demo account signs in as before.
    await page.reload();
    await expectHydrated(page);
    await page.locator('#second-factor-remove-code').fill(recovery);
    await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
    await page.locator('[data-second-factor="off"]').waitFor();
    assert.deepEqual(fresh.consoleErrors.filter((e) => !/status of 4/.test(e)), []);
  } finally {
    if (await page.locator('[data-second-factor="on"]').count() > 0) {
      await page.locator('#second-factor-remove-code').fill(codes[9]);
      await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
    }
  }
  // Settings' patient panels (reminders, calendar) answer a researcher 403, as before.
  assert.deepEqual(page.consoleErrors.filter((e) => !/status of 403/.test(e)), []);
});
