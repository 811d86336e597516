import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BASE_URL, launch, phonePage, expectHydrated, expectReady, signIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const i18n = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'app', 'src', 'i18n');

/// Every message's text in one language, from the tables the app is built from.
function table(code) {
  const files = [`${code}.rs`, `phone/${code}.rs`, `history/${code}.rs`, `research/${code}.rs`];
  const texts = new Map();
  for (const file of files) {
    const source = readFileSync(path.join(i18n, file), 'utf8');
    // An arm may name several messages: `Msg::SignInTitle | Msg::SignIn => "…"`.
    for (const [, names, text] of source.matchAll(/((?:Msg::\w+\s*\|\s*)*Msg::\w+) => "((?:[^"\\]|\\.)*)"/g)) {
      for (const [, name] of names.matchAll(/Msg::(\w+)/g)) texts.set(name, text.replace(/\\"/g, '"'));
    }
  }
  return texts;
}

/// English text a French reader must never see: every piece of an English message (between
/// its placeholders) long enough not to be a word both languages share, where the French
/// text differs, and the strings once stored or shown in English whatever the reader's language.
function englishNeedles() {
  const [english, french] = [table('en'), table('fr')];
  assert.ok(english.size > 400 && french.size === english.size, `tables read: ${english.size} ${french.size}`);
  const needles = new Set(['Manufacturing site', '(optional)', ' UTC']);
  for (const [name, text] of english) {
    if (french.get(name) === text) continue;
    for (const piece of text.split(/\{\w+\}/)) {
      if (piece.trim().length >= 14) needles.add(piece.trim());
    }
  }
  return [...needles];
}

/// Short English messages (a flag's level, a change's action, a button) a French reader must
/// not see either: each whole, as the entire text of an element, where the French differs.
function englishLabels() {
  const [english, french] = [table('en'), table('fr')];
  return new Set([...english].filter(([name, text]) => french.get(name) !== text && !/\{\w+\}/.test(text))
    .map(([, text]) => text.trim()).filter((text) => text.length >= 2));
}

/// The text of every visible element that holds text and no other element. Text marked as
/// another language (the alert card's copy for the centre's staff) is that language's.
async function leafTexts(page) {
  return page.evaluate(() => [...document.body.querySelectorAll('*')]
    .filter((e) => e.children.length === 0 && e.getClientRects().length > 0)
    .filter((e) => e.closest('[lang]')?.lang === document.documentElement.lang)
    .map((e) => e.textContent.trim())
    .filter((text) => text.length > 0));
}

/// The visible text of a page and the words in its attributes that a screen reader says.
async function wordsOn(page) {
  return page.evaluate(() => {
    const own = document.documentElement.lang;
    const other = [...document.body.querySelectorAll('[lang]')].filter((e) => e.lang !== own);
    const shown = other.map((e) => e.style.display);
    other.forEach((e) => { e.style.display = 'none'; });
    const spoken = [...document.querySelectorAll('[aria-label],[title],[placeholder],img[alt]')]
      .filter((e) => e.closest('[lang]')?.lang === own)
      .flatMap((e) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? ''));
    const text = `${document.title}\n${document.body.innerText}\n${spoken.join('\n')}`;
    other.forEach((e, i) => { e.style.display = shown[i]; });
    return text;
  });
}

async function chooseLanguage(page, code) {
  await page.goto(`${BASE_URL}/settings`);
  await expectHydrated(page);
  await page.locator('#language-select').selectOption(code);
  await page.locator('#language button[type=submit]').click();
  await page.waitForURL(/\/settings\?notice=language/);
  await page.waitForSelector(`html[lang="${code}"]`);
}

/// Same-site pages linked from the start pages, one of each kind (a patient's record once,
/// not once per patient), without downloads or signing out.
async function pagesOf(page, starts) {
  const seen = new Map();
  for (const start of starts) {
    seen.set(start, start);
    await page.goto(`${BASE_URL}${start}`);
    await expectReady(page);
    const links = await page.locator('main a[href^="/"], header a[href^="/"]').evaluateAll(
      (all) => all.map((a) => a.getAttribute('href')));
    for (const href of links) {
      if (/^\/(login|invitation|auth|research\/|pkg|api)/.test(href)) continue;
      const kind = href.replace(/\d+/g, 'N');
      if (!seen.has(kind)) seen.set(kind, href);
    }
  }
  return [...seen.values()];
}

const ACCOUNTS = [
  'patient.infused@demo.example', 'patient.waiting@demo.example', 'caregiver@demo.example',
  'nurse@demo.example', 'admin@demo.example', 'researcher@demo.example',
];

test('in French, no page of any role shows a word of English from the app', async (t) => {
  const needles = englishNeedles();
  const labels = englishLabels();
  const found = [];
  let walked = 0;
  for (const account of ACCOUNTS) {
    const page = await phonePage(browser);
    await signIn(page, account);
    await page.waitForURL(`${BASE_URL}/`);
    try {
      await chooseLanguage(page, 'fr');
      for (const href of await pagesOf(page, ['/', '/settings', '/inbox', '/account/password'])) {
        await page.goto(`${BASE_URL}${href}`);
        await expectReady(page);
        walked += 1;
        const words = await wordsOn(page);
        for (const needle of needles) {
          if (words.includes(needle)) found.push(`${account} ${href}: "${needle}"`);
        }
        for (const text of await leafTexts(page)) {
          if (labels.has(text)) found.push(`${account} ${href}: the label "${text}"`);
        }
      }
    } finally {
      // The other tests read the demo accounts in English.
      await chooseLanguage(page, 'en');
      await page.context().close();
    }
  }
  t.diagnostic(`${walked} pages walked, ${needles.length} English pieces and ${labels.size} labels looked for`);
  assert.ok(walked >= 25, `pages walked: ${walked}`);
  assert.deepEqual(found, []);
});

test('American English writes dates month first and times with AM and PM', async () => {
  const page = await phonePage(browser);
  await signIn(page, 'patient.infused@demo.example');
  await page.waitForURL(`${BASE_URL}/`);
  try {
    await chooseLanguage(page, 'en-US');
    await page.goto(`${BASE_URL}/`);
    await expectReady(page);
    const text = await page.locator('main').innerText();
    assert.match(text, /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{4}/, 'a US date');
    assert.doesNotMatch(text, /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}/, 'no British date');
    assert.doesNotMatch(text, /\b(1[3-9]|2[0-3]):[0-5]\d\b/, 'no 24-hour time');
    for (const time of text.match(/\b\d{1,2}:\d\d\b.{0,3}/g) ?? []) assert.match(time, /(AM|PM)/, time);
  } finally {
    await chooseLanguage(page, 'en');
    await page.context().close();
  }
});
