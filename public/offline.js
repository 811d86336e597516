// On every page: sends the answers kept on this phone while it was offline, keeps the plan
// kept on the phone up to date (and forgets it when another person signs in), offers
// "Keep my plan on this phone" in settings, and at sign-out (or "Forget this phone") sends
// what waits, then wipes the plan and the caches. The store itself is /offline-store.js
// (self.VtvOffline). Every word shown comes from the page's data-msg-* attributes, which
// the server translated. No inline code (CSP).

const store = self.VtvOffline;

function say(element, name, values = {}) {
  let text = element.getAttribute(`data-msg-${name}`) || '';
  for (const [key, value] of Object.entries(values)) text = text.replace(`{${key}}`, String(value));
  return text;
}

/// The line under the header: answers waiting on this phone, or refused by the server.
async function showUnsent(counts) {
  const notice = document.querySelector('[data-offline-unsent]');
  if (!notice) return;
  const all = await store.unsent();
  let text = '';
  if (counts && counts.refused > 0) text = say(notice, 'refused', { count: counts.refused });
  else if (counts && counts.kept > 0 && counts.later === 0) text = say(notice, 'other');
  else if (all > 0) text = say(notice, 'waiting', { count: all });
  notice.textContent = text;
  notice.hidden = text === '';
}

/// The account signed in on this page (the header says), if any.
function account() {
  const value = document.querySelector('header[data-account]')?.getAttribute('data-account');
  return value ? Number(value) : undefined;
}

async function sendWaiting() {
  if (!navigator.onLine || (await store.unsent()) === 0) return null;
  return store.flush(account());
}

// --- "Keep my plan on this phone" (settings) --------------------------------------------

async function planStatus(panel) {
  const status = panel.querySelector('[data-offline-status]');
  if (!status) return;
  const text = await store.loadPlan();
  let updated = null;
  try {
    updated = text ? JSON.parse(text).updated_at : null;
  } catch (_) {
    updated = null;
  }
  status.textContent = updated ? say(panel, 'kept', { time: updated }) : say(panel, 'none');
  panel.dataset.kept = updated ? 'yes' : 'no';
}

async function keep(panel) {
  const status = panel.querySelector('[data-offline-status]');
  const outcome = await store.refreshPlan();
  if (outcome === 'kept') return planStatus(panel);
  if (status) status.textContent = say(panel, 'failed');
}

function offerPlan() {
  const panel = document.querySelector('[data-offline-panel]');
  if (!panel) return;
  if (!store || !self.indexedDB || !self.crypto || !crypto.subtle) {
    const status = panel.querySelector('[data-offline-status]');
    if (status) status.textContent = say(panel, 'unsupported');
    return;
  }
  planStatus(panel).catch(() => undefined);
}

document.addEventListener('click', (event) => {
  const panel = event.target.closest && event.target.closest('[data-offline-panel]');
  if (!panel || !store) return;
  if (event.target.closest('[data-offline-keep]')) {
    keep(panel).catch(() => {
      const status = panel.querySelector('[data-offline-status]');
      if (status) status.textContent = say(panel, 'failed');
    });
  } else if (event.target.closest('[data-offline-drop]')) {
    store.wipePlan().then(() => planStatus(panel)).catch(() => undefined);
  }
});

// --- Signing out, and "Forget this phone" ------------------------------------------------

/// Sends what waits (for at most a few seconds), says in the form what became of it, wipes
/// the plan and the caches, and lets the form go. Unsent answers stay for their owner.
async function beforeSignOut(form) {
  const field = form.querySelector('[data-offline-unsent-field]');
  // Until shown otherwise, answers may be waiting: the server then leaves storage alone.
  if (field) field.value = 'kept';
  try {
    const before = await store.unsent();
    const sent = before > 0 && navigator.onLine
      ? await Promise.race([store.flush(account()), new Promise((resolve) => setTimeout(resolve, 5000))])
      : null;
    const left = await store.unsent();
    if (field) field.value = left > 0 ? 'kept' : (sent && sent.sent > 0 ? 'sent' : '');
  } finally {
    try {
      await store.wipePlan();
    } catch (_) {
      // The plan could not be wiped here: the server's Clear-Site-Data must do it.
      if (field) field.value = '';
    }
  }
  if (form.hasAttribute('data-forget-phone')) await forgetPush().catch(() => undefined);
}

async function forgetPush() {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = registration && registration.pushManager
    ? await registration.pushManager.getSubscription() : null;
  if (subscription) await subscription.unsubscribe();
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!store || !(form instanceof HTMLFormElement) || form.getAttribute('action') !== '/auth/logout') return;
  if (form.dataset.offlineReady === 'yes') return;
  event.preventDefault();
  const go = () => {
    form.dataset.offlineReady = 'yes';
    form.submit();
  };
  beforeSignOut(form).then(go, go);
});

// Back to a page kept by the browser (back button): its forms ask again.
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-offline-ready]')) delete form.dataset.offlineReady;
});

// --- On every page -----------------------------------------------------------------------

async function onLoad() {
  if (!store || !self.indexedDB) return;
  // First: a plan kept for someone other than who is signed in (the page says who) goes.
  const owner = await store.planOwner();
  const signedIn = account();
  if (owner !== null && signedIn !== undefined && signedIn !== owner) await store.wipePlan();
  const counts = await sendWaiting().catch(() => null);
  await showUnsent(counts).catch(() => undefined);
  // Then a plan kept for this person is brought up to date.
  if (owner !== null && owner === signedIn && navigator.onLine) await store.refreshPlan();
  offerPlan();
}

// Settings opened without a page load (the app's own navigation): the panel shows its state.
new MutationObserver(() => {
  const panel = document.querySelector('[data-offline-panel]:not([data-kept])');
  if (panel && store) planStatus(panel).catch(() => undefined);
}).observe(document.documentElement, { childList: true, subtree: true });

window.addEventListener('online', () => {
  sendWaiting().then(showUnsent).catch(() => undefined);
});

onLoad().catch((error) => console.warn('Vein-to-Vein: offline store unavailable:', String(error)));
