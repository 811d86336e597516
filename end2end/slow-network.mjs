// Time from navigation to an interactive page (html[data-hydrated], or the load event for a
// page served without the wasm, and a check-in's engine ready) on an emulated slow
// phone network, with an empty cache each time, for two builds served side by side: a
// reference and a candidate, interleaved run by run so that both see the same machine.
// Usage: node end2end/slow-network.mjs REFERENCE_URL CANDIDATE_URL [RUNS]
// Both servers must run the release build in demo mode (VTV_DEMO=true).
import { launch, phonePage } from './tests/support.mjs';

const [reference, candidate, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
// Chrome DevTools' "Slow 4G" and "3G" presets (bytes per second, milliseconds).
const NETWORKS = {
  'slow 4G': { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
  '3G': { latency: 300, downloadThroughput: (780 * 1024) / 8, uploadThroughput: (330 * 1024) / 8 },
};

async function session(browser, base) {
  const page = await phonePage(browser);
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('patient.infused@demo.example');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  const cookies = await page.context().cookies();
  const diary = await page.locator('[data-checkin="diary"] a').first().getAttribute('href');
  await page.context().close();
  return { cookies, pages: { '/login': '/login', '/ (patient)': '/', diary } };
}

async function timeToInteractive(browser, base, path, cookies, network) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  if (path !== '/login') await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  const started = Date.now();
  await page.goto(base + path, { waitUntil: 'commit' });
  await page.waitForLoadState('load', { timeout: 120000 });
  if (await page.locator('link[rel="modulepreload"]').count() > 0) {
    await page.waitForSelector('html[data-hydrated="true"]', { timeout: 120000 });
  } else if (await page.locator('#checkin-plain').count() > 0) {
    // A check-in served without the wasm answers once its engine is ready.
    await page.waitForSelector('form[data-engine="ready"]', { timeout: 120000 });
  }
  const elapsed = Date.now() - started;
  await context.close();
  return elapsed;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const browser = await launch();
try {
  const sessions = { reference: await session(browser, reference), candidate: await session(browser, candidate) };
  console.log(`| network | page | reference median (ms) | candidate median (ms) | candidate / reference |`);
  console.log(`|---|---|---:|---:|---:|`);
  for (const [networkName, network] of Object.entries(NETWORKS)) {
    for (const name of Object.keys(sessions.reference.pages)) {
      const times = { reference: [], candidate: [] };
      for (let run = 0; run < RUNS; run++) {
        for (const which of ['reference', 'candidate']) {
          const base = which === 'reference' ? reference : candidate;
          const { cookies, pages } = sessions[which];
          times[which].push(await timeToInteractive(browser, base, pages[name], cookies, network));
        }
      }
      const [r, c] = [median(times.reference), median(times.candidate)];
      console.log(`| ${networkName} | ${name === 'diary' ? 'symptom diary' : name} | ${r} | ${c} | ${(c / r).toFixed(2)} |`);
    }
  }
} finally {
  await browser.close();
}
