// Web Push helpers shared by the page and the service worker: base64url both ways, the
// device's name, the server's key and sending a subscription. A classic script loaded by the
// page shell (<script src="/push-common.js" defer>, before /push.js) and by /sw.js
// (importScripts); its functions are globals there. Works in a window and in a worker
// (`self`, no DOM).
'use strict';

function base64url(buffer) {
  if (!buffer) return '';
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/// "Chrome on Android", "Safari on iPhone", "Firefox on Windows": shown in the settings.
function deviceName(ua = self.navigator.userAgent, touchPoints = self.navigator.maxTouchPoints) {
  const browser =
    /Edg(A|iOS)?\//.test(ua) ? 'Edge'
      : /OPR\/|Opera/.test(ua) ? 'Opera'
        : /SamsungBrowser\//.test(ua) ? 'Samsung Internet'
          : /Firefox\/|FxiOS\//.test(ua) ? 'Firefox'
            : /Chrome\/|CriOS\/|Chromium\//.test(ua) ? 'Chrome'
              : /Safari\//.test(ua) ? 'Safari'
                : 'Browser';
  const system =
    /iPhone|iPod/.test(ua) ? 'iPhone'
      : /iPad/.test(ua) || (/Macintosh/.test(ua) && touchPoints > 1) ? 'iPad'
        : /Android/.test(ua) ? 'Android'
          : /CrOS/.test(ua) ? 'ChromeOS'
            : /Windows/.test(ua) ? 'Windows'
              : /Macintosh|Mac OS X/.test(ua) ? 'macOS'
                : /Linux/.test(ua) ? 'Linux'
                  : '';
  return (system ? `${browser} on ${system}` : browser).slice(0, 80);
}

/// The server's key (base64url), or null when signed out or the server said no.
async function fetchKey() {
  const response = await fetch('/api/push/key', {
    method: 'POST', credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  if (response.status !== 200) return null;
  const key = await response.json();
  return typeof key === 'string' && key ? key : null;
}

/// Tells the server about this device (an upsert: one row per endpoint).
async function sendSubscription(subscription) {
  const body = new URLSearchParams({
    'subscription[endpoint]': subscription.endpoint,
    'subscription[p256dh]': base64url(subscription.getKey('p256dh')),
    'subscription[auth]': base64url(subscription.getKey('auth')),
    'subscription[device]': deviceName(),
  });
  // The key this subscription really holds: the server may have rotated its key since the
  // page asked for it (another instance, an admin).
  const key = subscription.options && subscription.options.applicationServerKey;
  if (key) body.set('subscription[application_server_key]', base64url(key));
  const response = await fetch('/api/push/subscribe', {
    method: 'POST', credentials: 'same-origin', body,
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  if (!response.ok) throw new Error(`the server answered ${response.status} to the subscription`);
  return response.json();
}
