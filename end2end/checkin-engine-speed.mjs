// How long the check-in engine takes per call, in node's V8 (Chromium's engine), on the
// symptom diary: a keystroke (which items show) and a "Send" (checks and triage too). Prints
// medians of 2 000 calls each, after 200 to warm up; the engine's load and instantiation,
// once per page, is timed too. Outside the test command:
//   bash checkin-engine/build.sh && node end2end/checkin-engine-speed.mjs BASE_URL SESSION
// where the page of the diary gives the questionnaire (as the browser gets it).
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

const [base, session] = process.argv.slice(2);
if (!base || !session) {
  console.error('usage: node end2end/checkin-engine-speed.mjs BASE_URL SESSION_COOKIE_VALUE');
  process.exit(2);
}
const headers = { cookie: `vtv_session=${session}` };
const home = await (await fetch(`${base}/`, { headers })).text();
const diary = home.match(/\/checkins\/symptom-diary\?patient=\d+/)?.[0];
if (!diary) throw new Error('the home links no diary');
const page = await (await fetch(`${base}${diary}`, { headers })).text();
const attribute = page.match(/data-checkin="([^"]*)"/)[1]
  .replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&#39;', "'")
  .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const data = JSON.parse(attribute);

const started = performance.now();
const bytes = await readFile(new URL('../public/checkin-engine.wasm', import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, {});
const loadMs = performance.now() - started;
const { memory, engine_alloc: alloc, engine_assess: assess, engine_output: output } = instance.exports;
const ask = (request) => {
  const text = new TextEncoder().encode(JSON.stringify(request));
  const at = alloc(text.length);
  new Uint8Array(memory.buffer, at, text.length).set(text);
  const length = assess(at, text.length);
  return JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, output(), length)));
};
const fields = { temperature_unit: 'C', temperature_c: '38,4', chills: 'false', breathless: 'false', dizzy: 'false',
  racing_heart: 'false', confused: 'false', speech: 'false', sleepy: 'false', tremor: 'false', seizure: 'false', vomiting: 'false' };
const check = ask({ ...data, fields, sending: true });
if (check.ok?.advice !== 'call_care_team') throw new Error(`unexpected reply ${JSON.stringify(check)}`);

function median(sending) {
  const times = [];
  for (let i = 0; i < 2200; i++) {
    const t = performance.now();
    ask({ ...data, fields, sending });
    if (i >= 200) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}
console.log(`engine: ${bytes.length} B; compiled and instantiated in ${loadMs.toFixed(1)} ms`);
console.log(`request: ${JSON.stringify({ ...data, fields }).length} B of JSON`);
console.log(`a keystroke (which items show): median ${(median(false) * 1000).toFixed(0)} µs`);
console.log(`"Send" (checks and triage too): median ${(median(true) * 1000).toFixed(0)} µs`);
