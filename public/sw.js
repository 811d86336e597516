// Vein-to-Vein's service worker: shows the reminders our server pushes, opens the right page
// when one is tapped, and keeps the push subscription alive. No caching: pages carry health
// data and are never stored. Plain JavaScript (served as /sw.js, scope /); the helpers it
// shares with the page come from /push-common.js.
'use strict';

importScripts('/push-common.js');

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

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
