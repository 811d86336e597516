// Vein-to-Vein's service worker: keeps the app shell for offline use, shows the reminders our
// server pushes, opens the right page when one is tapped, and keeps the push subscription
// alive. Pages carry health data and are never cached. Plain JavaScript, served as /sw.js
// (scope /) by the server, which puts the shell's list in front (server/src/http/
// app_shell.rs); the helpers it shares with the page come from /push-common.js.
'use strict';

importScripts('/push-common.js');
// Reminders must work whatever happens to the offline store.
try {
  importScripts('/offline-store.js');
} catch (error) {
  console.warn('Vein-to-Vein: the offline store is unavailable:', String(error));
}

const FALLBACK_URL = '/inbox';
const ICON = '/icon.svg';

// Shown when a push carries nothing we can read, in the language of the browser.
const GENERIC = {
  en: { title: 'You have a new reminder', body: 'Open Vein-to-Vein to read it' },
  fr: { title: 'Vous avez un nouveau rappel', body: 'Ouvrez Vein-to-Vein pour le lire' },
  nl: { title: 'U hebt een nieuwe herinnering', body: 'Open Vein-to-Vein om de herinnering te lezen' },
  de: { title: 'Sie haben eine neue Erinnerung', body: 'Öffnen Sie Vein-to-Vein, um sie zu lesen' },
};

function workerLanguage() {
  const tag = String(self.navigator.language || 'en').toLowerCase();
  const lang = tag.split('-')[0];
  return lang in GENERIC ? lang : 'en';
}

/// The payload as our server sends it, or null when there is none or it is not ours.
function readPayload(data) {
  if (!data) return null;
  try {
    const payload = data.json();
    if (payload && typeof payload === 'object' && typeof payload.title === 'string' && payload.title) {
      return payload;
    }
  } catch (_) {
    // Not JSON: fall through to the generic notification.
  }
  return null;
}

function notificationFor(payload) {
  if (!payload) {
    const lang = workerLanguage();
    return {
      title: GENERIC[lang].title,
      options: {
        body: GENERIC[lang].body, tag: 'vtv-reminder', lang, icon: ICON, badge: ICON,
        data: { url: FALLBACK_URL, id: null }, renotify: true,
      },
    };
  }
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: ICON,
    badge: ICON,
    data: { url: safePath(payload.url), id: payload.id ?? null },
    requireInteraction: payload.urgent === true,
  };
  if (typeof payload.lang === 'string') options.lang = payload.lang;
  // Chromium refuses renotify without a tag.
  if (typeof payload.tag === 'string' && payload.tag) {
    options.tag = payload.tag;
    options.renotify = true;
  }
  return { title: payload.title, options };
}

self.addEventListener('push', (event) => {
  const { title, options } = notificationFor(readPayload(event.data));
  event.waitUntil(self.registration.showNotification(title, options));
});

/// Only a path on this site ("/checkins/phq9?patient=3"); anything else opens the inbox.
function safePath(url) {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) {
    return FALLBACK_URL;
  }
  try {
    const parsed = new URL(url, self.location.origin);
    if (parsed.origin !== self.location.origin) return FALLBACK_URL;
    return parsed.pathname + parsed.search + parsed.hash;
  } catch (_) {
    return FALLBACK_URL;
  }
}

// focus() and openWindow() need the user's tap: refused in a synthetic event, or when the
// browser decides so. The notification is gone either way; nothing more to do.
async function attempt(action) {
  try {
    return await action();
  } catch (_) {
    return undefined;
  }
}

/// Brings the page a notification points to into view. Returns what it did:
/// 'focused' (a window was already there), 'navigated' (a window of ours was sent there) or
/// 'opened' (a new window).
self.openNotificationTarget = async (data) => {
  const path = safePath(data && data.url);
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const ours = windows.filter((client) => new URL(client.url).origin === self.location.origin);

  const there = ours.find((client) => client.url === target);
  if (there) {
    await attempt(() => there.focus());
    return 'focused';
  }
  if (ours.length > 0) {
    // Most recently focused first (Chromium lists them that way); prefer the one in front.
    const client = ours.find((c) => c.focused) || ours.find((c) => c.visibilityState === 'visible') || ours[0];
    // navigate() works only on pages this worker controls; the page's own script
    // (push.js) follows a message otherwise.
    const navigated = await attempt(() => client.navigate(target));
    if (navigated === undefined) client.postMessage({ type: 'vtv:navigate', url: path });
    await attempt(() => (navigated || client).focus());
    return 'navigated';
  }
  await attempt(() => self.clients.openWindow(target));
  return 'opened';
};

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const work = self.openNotificationTarget(event.notification.data).catch(() => undefined);
  try {
    event.waitUntil(work);
  } catch (_) {
    // A synthetic event (a test's dispatchEvent) cannot be extended; the work goes on.
  }
});

// --- Keeping the subscription alive -------------------------------------------------------
// fromBase64url, fetchKey and sendSubscription come from /push-common.js (importScripts above).

async function resubscribe(event) {
  let subscription = event.newSubscription || null;
  if (!subscription) {
    let key = event.oldSubscription && event.oldSubscription.options
      ? event.oldSubscription.options.applicationServerKey : null;
    if (!key) {
      const fetched = await fetchKey();
      if (!fetched) return;
      key = fromBase64url(fetched);
    }
    subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }
  await sendSubscription(subscription);
}

self.addEventListener('pushsubscriptionchange', (event) => {
  // Failures are left for the page, which checks the subscription at its next visit.
  const work = resubscribe(event).catch(() => undefined);
  try {
    event.waitUntil(work);
  } catch (_) {
    // Synthetic event: nothing to extend.
  }
});

// --- The app shell, kept for offline use --------------------------------------------------
// The server prepends self.VTV_SHELL = { version, files } to this file (server/src/http/
// app_shell.rs): the built wasm, JS, CSS, icons, manifest and the offline page, none of it
// health data. A new build changes the version, so the browser installs this worker anew;
// it fills a cache of its own and, once active, deletes the old one. Pages stay no-store
// and are never cached: offline, a page that cannot load opens /offline, drawn from the
// copy of the plan kept on the phone (if the person chose to keep one).
const SHELL = self.VTV_SHELL || { version: 'none', files: [] };
const SHELL_CACHE = `vtv-shell-${SHELL.version}`;
const OFFLINE_URL = '/offline';

async function fillShell() {
  const cache = await caches.open(SHELL_CACHE);
  const missing = [];
  for (const path of SHELL.files) {
    if (!(await cache.match(path))) missing.push(path);
  }
  // Past the browser's HTTP cache, so that a new version never keeps an old file; the
  // offline page anonymously, so that it names no one. A file that cannot be fetched now
  // is left for the next page opened online, rather than failing the install: reminders
  // must work whatever the shell.
  await Promise.all(missing.map(async (path) => {
    try {
      const response = await fetch(new Request(path, { cache: 'reload', credentials: 'omit' }));
      if (!response.ok) throw new Error(`status ${response.status}`);
      await cache.put(path, response);
    } catch (error) {
      console.warn(`Vein-to-Vein: ${path} not kept for offline use yet:`, String(error));
    }
  }));
}

async function dropOldShells() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith('vtv-shell-') && n !== SHELL_CACHE).map((n) => caches.delete(n)));
}

// The network first (the browser's HTTP cache answers for content-hashed /pkg/ files), so
// that a page of a new build never gets an old build's files (not every name carries a
// hash); the kept copy when the network fails or is too slow.
const SLOW_MS = 5000;
async function fromShell(request) {
  const kept = async () => (await caches.open(SHELL_CACHE)).match(new URL(request.url).pathname);
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  const network = fetch(request);
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;
    return (await kept()) || (await network);
  } catch (error) {
    const copy = await kept();
    if (copy) return copy;
    throw error;
  }
}

async function navigate(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    // Online: whatever the install could not keep is fetched now.
    event.waitUntil(fillShell());
    return response;
  } catch (error) {
    const cache = await caches.open(SHELL_CACHE);
    if (new URL(request.url).pathname === OFFLINE_URL) {
      const page = await cache.match(OFFLINE_URL);
      if (page) return page;
      throw error;
    }
    // The page's own address would not hydrate the offline page's HTML: go there.
    if (await cache.match(OFFLINE_URL)) return Response.redirect(OFFLINE_URL, 302);
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (SHELL.files.includes(url.pathname) && url.pathname !== OFFLINE_URL) {
    event.respondWith(fromShell(request));
  }
});

self.addEventListener('install', (event) => {
  event.waitUntil(fillShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOldShells().then(() => self.clients.claim()));
});

// --- Answers given offline ----------------------------------------------------------------
// The page keeps them encrypted (/offline-store.js) and asks for a sync; the browser fires
// it once the phone is back online, even with the app closed. Answers waiting for another
// account, or for a sign-in, stay; a network failure makes the browser try again later.
self.addEventListener('sync', (event) => {
  if (!self.VtvOffline || event.tag !== self.VtvOffline.SYNC_TAG) return;
  event.waitUntil(self.VtvOffline.flush().then((counts) => {
    if (counts.later > 0) throw new Error('answers still waiting for the network');
  }));
});
