// Web Push on the page: registers the service worker, keeps an existing subscription in step
// with the server (and with the server's key, which an admin may rotate), and subscribes
// when the person presses "[data-push-enable]". Never asks for permission on its own.
// Loaded on every page as <script type="module" src="/push.js">, after the classic script
// /push-common.js, whose helpers (fromBase64url, fetchKey, sendSubscription) it uses as
// globals; no inline code (CSP).

function sameKey(buffer, key) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  const b = fromBase64url(key);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/// This browser's subscription under the server's current key, made or remade as needed.
async function subscribeWith(registration, key) {
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  return subscription
    || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64url(key) });
}

function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;
}

function isAppleMobile() {
  const ua = navigator.userAgent;
  return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
}

function runsInstalled() {
  return navigator.standalone === true || window.matchMedia('(display-mode: standalone)').matches;
}

// The sign-out form names this browser's subscription, so that signing out removes it: a
// shared phone stops getting the previous person's reminders.
function offerToSignOut(subscription) {
  for (const field of document.querySelectorAll('input[data-push-endpoint]')) field.value = subscription.endpoint;
}

// On load: the worker, and the subscription kept in step. Quiet on every failure.
async function sync() {
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  if (!('PushManager' in window) || !('Notification' in window) || Notification.permission !== 'granted') return;
  const existing = await registration.pushManager.getSubscription();
  if (!existing) return;
  offerToSignOut(existing);
  const key = await fetchKey();
  if (!key) return;
  await sendSubscription(await subscribeWith(registration, key));
}

// On "[data-push-enable]": the whole flow, with a message in the panel at each end.
let busy = false;

async function enable(panel) {
  const status = panel.querySelector('[data-push-status]');
  const say = (name) => {
    const text = panel.getAttribute(`data-msg-${name}`);
    if (status && text) status.textContent = text;
  };
  // iPhone and iPad offer push only to an app added to the home screen; in Safari itself
  // PushManager is missing, so this comes before the support check would say "unsupported".
  if (isAppleMobile() && !runsInstalled()) return say('install');
  if (!pushSupported()) return say('unsupported');
  if (busy) return;
  busy = true;
  try {
    // Asked first, while the tap still counts as the person's gesture.
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') return say('denied');
    say('working');
    const registration = await navigator.serviceWorker.ready;
    const key = await fetchKey();
    if (!key) throw new Error('no push key from the server');
    await sendSubscription(await subscribeWith(registration, key));
    say('done');
    // Bubbles from the document to window, where the settings page listens.
    document.dispatchEvent(new CustomEvent('vtv:push-subscribed', { bubbles: true }));
  } catch (error) {
    console.warn('Vein-to-Vein: turning notifications on failed', error);
    say('failed');
  } finally {
    busy = false;
  }
}

if ('serviceWorker' in navigator) {
  sync().catch((error) => console.warn('Vein-to-Vein: push set-up', error));

  // The worker asks a page it does not control to open a notification's page.
  navigator.serviceWorker.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'vtv:navigate' || typeof message.url !== 'string') return;
    const target = new URL(message.url, window.location.origin);
    if (message.url.startsWith('/') && target.origin === window.location.origin) window.location.assign(target.href);
  });
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-push-enable]') : null;
  if (!button) return;
  const panel = button.closest('[data-push-panel]');
  if (!panel) return;
  event.preventDefault();
  enable(panel);
});
