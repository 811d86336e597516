// The check-in form of a page served without the app's wasm (app/src/routes.rs). Which items
// show, what is wrong with the answers and what to do now come from the domain's own code,
// compiled alone into a small engine (checkin-engine/, /checkin-engine.wasm): this script only
// reads the fields, asks the engine, and shows the texts the server rendered, hidden, in the
// reader's language (app/src/pages/checkin_plain.rs). What to do now is shown before anything
// is sent. The answers then go to the server as the app sends them, or, without a network or
// a session, stay encrypted on the phone (/offline-store.js) until they can be sent.
const SUBMIT_URL = '/api/checkins/submit';
const ENGINE_URL = '/checkin-engine.wasm';

const parts = document.getElementById('checkin-plain');
const form = parts && parts.closest('form');
if (form) start(form, JSON.parse(parts.dataset.checkin));

function start(form, data) {
  let engine = loadEngine();
  engine.catch(() => {});
  // For the browser tests, as `data-hydrated` is for pages drawn by the wasm.
  // The server renders "Send" disabled, so that no answer is sent before this script runs
  // (a plain form would put them in the address). Without the engine, "Send" tries to load it
  // again, and says "not sent" if it cannot.
  const ready = (state) => () => {
    form.dataset.engine = state;
    form.querySelector('button[type="submit"]').disabled = false;
  };
  engine.then(ready('ready'), ready('failed'));
  const ask = async (sending) => (await engine)({ ...data, fields: fields(form), sending });
  const assess = async (sending) => {
    try {
      return await ask(sending);
    } catch (error) {
      console.warn('Vein-to-Vein: the check-in engine did not run:', String(error));
      if (!sending) return null;
      // On "Send" only (not at each keystroke), loaded once more: the network may have
      // dropped while the page loaded.
      engine = loadEngine();
      engine.catch(() => {});
      try {
        return await ask(sending);
      } catch (again) {
        console.warn('Vein-to-Vein: the check-in engine did not run:', String(again));
        return null;
      }
    }
  };
  const showItems = async () => {
    const result = await assess(false);
    if (result) hideItems(form, result.hidden);
  };
  const noneOfThese = form.querySelector('[data-none-of-these]');
  if (noneOfThese) noneOfThese.addEventListener('click', () => {
    answerNoToSigns(form, noneOfThese.dataset.noneOfThese.split(' '));
    showItems();
  });
  const draft = drafts(form, data);
  draft.resume().then(showItems).catch(() => undefined);
  form.addEventListener('change', () => { showItems(); draft.keepSoon(); });
  form.addEventListener('input', () => { showItems(); draft.keepSoon(); });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(form, data, assess).then((outcome) => {
      // Sent, or kept in the queue to be sent: the draft has done its work.
      if (outcome && outcome !== 'not-sent' && outcome !== 'fix') draft.drop();
    });
  });
}

/// A check-in half filled in, kept encrypted on the phone (`VtvOffline.keepDraft`) a moment
/// after each change, and put back when the page opens again, with a notice to check it.
function drafts(form, data) {
  const store = self.VtvOffline;
  const owner = data.submission.answered_by;
  const key = [data.submission.patient_id, data.submission.questionnaire, data.submission.about_myself ? 'self' : 'about'].join('/');
  let timer = null;
  // Counted at each send or queueing: a keep still being written then is undone when it ends.
  let drops = 0;
  const usable = store && typeof owner === 'number';
  return {
    async resume() {
      if (!usable) return;
      const kept = await store.takeDraft(owner, key);
      if (!kept) return;
      fill(form, kept.fields);
      showIn('outcome', 'data-outcome', 'resumed');
    },
    keepSoon() {
      if (!usable) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        form.dataset.draft = 'saving';
        const before = drops;
        store.keepDraft(owner, key, fields(form))
          .then(() => (drops !== before ? store.dropDraft(owner, key) : (form.dataset.draft = 'kept')))
          .catch((error) => console.warn('Vein-to-Vein: the draft was not kept:', String(error)));
      }, 400);
    },
    drop() {
      clearTimeout(timer);
      drops += 1;
      if (usable) store.dropDraft(owner, key).then(() => { form.dataset.draft = 'dropped'; }).catch(() => undefined);
    },
  };
}

/// Puts kept values back in the fields of the same names.
function fill(form, kept) {
  for (const [name, value] of Object.entries(kept)) {
    for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (field.type === 'radio' || field.type === 'checkbox') field.checked = field.value === value;
      else if (field.type !== 'hidden') field.value = value;
    }
  }
}

/// The engine as a function: a request in, its reply out (`checkin-engine/src/lib.rs`).
async function loadEngine() {
  const response = await fetch(ENGINE_URL, { signal: AbortSignal.timeout(20000) });
  if (!response.ok) throw new Error(`status ${response.status}`);
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {});
  const { memory, engine_alloc: alloc, engine_assess: assess, engine_output: output } = instance.exports;
  return (request) => {
    const bytes = new TextEncoder().encode(JSON.stringify(request));
    const at = alloc(bytes.length);
    new Uint8Array(memory.buffer, at, bytes.length).set(bytes);
    const length = assess(at, bytes.length);
    const reply = JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, output(), length)));
    if (!reply.ok) throw new Error(reply.error || 'no reply');
    return reply.ok;
  };
}

/// The fields by name, as typed or chosen.
function fields(form) {
  const out = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/// "None of these today" (`builtin::none_of_the_signs`): every sign not answered "Yes" is
/// answered "No"; a "Yes" stays, so that a tap never clears a red flag.
function answerNoToSigns(form, signs) {
  for (const sign of signs) {
    const yes = form.querySelector(`input[name="${CSS.escape(sign)}"][value="true"]`);
    const no = form.querySelector(`input[name="${CSS.escape(sign)}"][value="false"]`);
    if (no && !(yes && yes.checked)) no.checked = true;
  }
}

function hideItems(form, hidden) {
  for (const question of form.querySelectorAll('.question[data-link-id]')) {
    question.hidden = hidden.includes(question.dataset.linkId);
  }
}

/// Puts a copy of the server's template for `name` in its slot, in place of what was there:
/// only what is shown is in the page, and a screen reader hears it as it comes.
function showIn(slot, attribute, name, extra) {
  const place = document.querySelector(`[data-slot="${slot}"]`);
  const template = name && document.querySelector(`template[${attribute}="${name}"]`);
  place.replaceChildren(...(template ? [template.content.cloneNode(true)] : []));
  if (extra) place.firstElementChild.append(document.querySelector(`template[${attribute}="${extra}"]`).content.cloneNode(true));
}

function showProblems(form, data, problems) {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const problem of problems) {
    const question = form.querySelector(`.question[data-link-id="${CSS.escape(problem.link_id)}"]`);
    if (!question || question.hidden) continue;
    const text = document.createElement('p');
    text.id = `q-${problem.link_id}-problem`;
    text.className = 'field-error';
    text.setAttribute('role', 'alert');
    text.textContent = data.problems[problem.kind] || data.problems.WrongType;
    question.append(text);
  }
}

/// What to do now, from the engine before sending, or from the server's own triage after;
/// once shown, it stays until other answers are sent.
function showAdvice(advice) {
  showIn('advice', 'data-advice-for', advice);
}

function showOutcome(name, result) {
  if (name === 'sent') {
    showIn('outcome', 'data-outcome', result.late ? 'sent-late' : 'sent', result.flags.length > 0 ? 'nurse' : null);
  } else {
    showIn('outcome', 'data-outcome', name);
  }
}

async function send(form, data, assess) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const result = await assess(true);
    if (!result) {
      // Nothing checked the answers: say so, with the numbers to call, and send nothing.
      showAdvice('unchecked');
      showOutcome('not-sent');
      return 'not-sent';
    }
    hideItems(form, result.hidden);
    showProblems(form, data, result.problems);
    // A red flag is told even while other answers are missing.
    showAdvice(result.advice);
    if (result.problems.length > 0) {
      showOutcome('fix');
      return 'fix';
    }
    showOutcome(null);
    const submission = { ...data.submission, answers: result.answers };
    const outcome = await deliver(submission).catch((error) => {
      console.warn('Vein-to-Vein: answers not sent:', String(error));
      return ['not-sent'];
    });
    // Sent: answers changed and sent again are a new submission, not a replay of this one.
    if (outcome[0] === 'sent') data.submission.client_id = crypto.randomUUID();
    showOutcome(...outcome);
    return outcome[0];
  } finally {
    button.disabled = false;
  }
}

/// Sends the answers; returns the outcome to show, and the server's result when sent.
async function deliver(submission) {
  let response;
  try {
    response = await fetch(SUBMIT_URL, {
      method: 'POST', credentials: 'same-origin', redirect: 'manual', signal: AbortSignal.timeout(15000),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ submission }),
    });
  } catch (_) {
    return keep(submission, 'kept-online');
  }
  const json = (response.headers.get('content-type') || '').startsWith('application/json');
  const outcome = response.type === 'opaqueredirect' ? 'later' : self.VtvOffline.classify(response.status, json);
  if (outcome === 'sent') {
    const result = await response.json();
    if (result.advice) showAdvice(result.advice);
    return ['sent', result];
  }
  if (outcome === 'later') return keep(submission, 'kept-online');
  if (outcome === 'signed-out') return keep(submission, 'kept-sign-in');
  return [response.status === 422 || response.status === 400 ? 'fix' : 'not-sent'];
}

async function keep(submission, outcome) {
  if (!self.VtvOffline) return ['not-sent'];
  try {
    await self.VtvOffline.queueAnswer({ ...submission, answered_at: null });
    return [outcome];
  } catch (error) {
    console.warn('Vein-to-Vein: answers not kept on the phone:', String(error));
    return ['not-sent'];
  }
}
