// What Vein-to-Vein keeps on the phone for use without signal: the person's plan, if they
// chose "Keep my plan on this phone", and the check-ins they answered offline, until sent.
// Both live in IndexedDB, encrypted with AES-GCM under keys that WebCrypto made
// non-extractable: the stored bytes are unreadable outside this site's own scripts. Anyone
// holding the unlocked phone can open the app and read the plan; the opt-in says so.
//
// A classic script, so that pages load it with <script src> and the service worker with
// importScripts; both use self.VtvOffline. Rules it keeps:
// - The plan belongs to one account. It is forgotten after 7 days without a refresh, and
//   when the person signs out or another account signs in (wipePlan).
// - Unsent answers are never wiped silently: each is kept, with its owner's account number,
//   until the server has it; sign-out and another person's sign-in leave it for its owner.
// - A check-in half filled in is kept as a draft (its fields as typed), per account, patient
//   and form, for DRAFT_KEPT_MS: answers about "how you are right now" go stale. It is
//   dropped once sent or queued, and wiped with the plan (at sign-out).
'use strict';

(function () {
  const DB_NAME = 'vtv-offline';
  const PLAN_KEPT_MS = 7 * 24 * 3600 * 1000;
  const DRAFT_KEPT_MS = 6 * 3600 * 1000;
  const SUBMIT_URL = '/api/checkins/submit';
  const PLAN_URL = '/api/offline/plan';
  const SYNC_TAG = 'vtv-checkins';

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  let opened = null;
  function database() {
    if (!opened) {
      // Version 2 added the drafts; a phone that kept version 1 keeps its stores.
      const req = indexedDB.open(DB_NAME, 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        const stores = [['keys', 'name'], ['plan', 'name'], ['queue', 'client_id'], ['drafts', 'key']];
        for (const [name, keyPath] of stores) {
          if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath });
        }
      };
      opened = request(req).then((db) => {
        // Another tab's Clear-Site-Data, or a new version: open again next time.
        db.onversionchange = () => { db.close(); opened = null; };
        db.onclose = () => { opened = null; };
        return db;
      }).catch((error) => {
        opened = null;
        throw error;
      });
    }
    return opened;
  }

  // `work` must only make requests of the store (no other await): a transaction commits as
  // soon as it has nothing left to do.
  async function inStore(name, mode, work) {
    const db = await database();
    const tx = db.transaction(name, mode);
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = (event) => reject(event.target.error || tx.error);
      tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    });
    const result = await work(tx.objectStore(name));
    await done;
    return result;
  }

  const get = (store, key) => inStore(store, 'readonly', (s) => request(s.get(key)));
  const getAll = (store) => inStore(store, 'readonly', (s) => request(s.getAll()));
  const put = (store, value) => inStore(store, 'readwrite', (s) => request(s.put(value)));
  const remove = (store, key) => inStore(store, 'readwrite', (s) => request(s.delete(key)));

  // One key for the plan, one per account for its unsent answers: forgetting the plan
  // destroys its key, and never an answer's.
  async function keyFor(name, create) {
    const found = await get('keys', name);
    if (found) return found.key;
    if (!create) return null;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    try {
      // add, not put: a key another tab (or the worker) made meanwhile is never replaced.
      await inStore('keys', 'readwrite', (s) => request(s.add({ name, key })));
      return key;
    } catch (_) {
      const theirs = await get('keys', name);
      if (theirs) return theirs.key;
      throw new Error(`no key ${name}`);
    }
  }

  async function seal(keyName, text) {
    const key = await keyFor(keyName, true);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text));
    return { iv, data };
  }

  async function open(keyName, sealed) {
    const key = await keyFor(keyName, false);
    if (!key) return null;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
    return new TextDecoder().decode(plain);
  }

  // --- The plan --------------------------------------------------------------------------

  async function savePlan(planText, owner) {
    const { iv, data } = await seal('plan', planText);
    await put('plan', { name: 'current', owner, synced_at: Date.now(), iv, data });
  }

  /// The plan's record, unless none is kept or it expired (then it is forgotten now; the
  /// app shell stays, so that the offline page still opens).
  async function current() {
    const record = await get('plan', 'current');
    if (!record) return null;
    if (Date.now() - record.synced_at > PLAN_KEPT_MS) {
      await dropPlan();
      return null;
    }
    return record;
  }

  /// The plan's text, or null when none is kept (or it expired).
  async function loadPlan() {
    const record = await current();
    if (!record) return null;
    try {
      return await open('plan', record);
    } catch (_) {
      await dropPlan();
      return null;
    }
  }

  async function planOwner() {
    const record = await current();
    return record ? record.owner : null;
  }

  async function dropPlan() {
    await remove('plan', 'current');
    await remove('keys', 'plan');
  }

  /// Forgets the plan and its key, and every cache of this site (the app shell holds no
  /// health data, but nothing is left behind). Unsent answers stay. Waits for a refresh
  /// under way, which would otherwise bring the plan back.
  async function wipePlan() {
    if (refreshing) await refreshing.catch(() => undefined);
    await wipeNow();
  }

  async function wipeNow() {
    await dropPlan();
    await wipeDrafts();
    if (self.caches) {
      const names = await caches.keys();
      await Promise.all(names.map((n) => caches.delete(n)));
    }
  }

  let refreshing = null;
  /// Asks the server for the signed-in person's plan and keeps it, if it is theirs to keep.
  /// Returns 'kept', 'not-signed-in', 'refused' (staff, or not allowed) or 'failed'.
  function refreshPlan() {
    if (!refreshing) refreshing = refreshNow().finally(() => { refreshing = null; });
    return refreshing;
  }

  async function refreshNow() {
    let response;
    try {
      response = await fetch(PLAN_URL, {
        method: 'POST', credentials: 'same-origin', redirect: 'manual', signal: AbortSignal.timeout(15000),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: '',
      });
    } catch (_) {
      return 'failed';
    }
    if (response.status === 401) return 'not-signed-in';
    if (response.status === 403) {
      // Signed in as staff: no plan is theirs to keep, and the one kept here is not theirs.
      if ((await planOwner()) !== null) await wipeNow();
      return 'refused';
    }
    if (!response.ok || !isJson(response)) return 'failed';
    const text = await response.text();
    let owner;
    try {
      owner = JSON.parse(text).owner;
    } catch (_) {
      return 'failed';
    }
    const previous = await planOwner();
    if (previous !== null && previous !== owner) {
      // Another person signed in: the plan kept here was not theirs to read.
      await wipeNow();
      return 'refused';
    }
    await savePlan(text, owner);
    return 'kept';
  }

  // --- Check-ins half filled in ------------------------------------------------------------

  /// Keeps the fields of a check-in being filled in, sealed under the account's draft key.
  async function keepDraft(owner, key, fields) {
    const { iv, data } = await seal(`draft:${owner}`, JSON.stringify(fields));
    await put('drafts', { key: `${owner}/${key}`, owner, saved_at: Date.now(), iv, data });
  }

  /// The fields kept for this check-in and when, or null (none, stale, or unreadable: then
  /// forgotten now).
  async function takeDraft(owner, key) {
    const record = await get('drafts', `${owner}/${key}`);
    if (!record) return null;
    let text = null;
    if (Date.now() - record.saved_at <= DRAFT_KEPT_MS) {
      try {
        text = await open(`draft:${owner}`, record);
      } catch (_) {
        text = null;
      }
    }
    if (text === null) {
      await remove('drafts', record.key);
      return null;
    }
    return { fields: JSON.parse(text), saved_at: record.saved_at };
  }

  async function dropDraft(owner, key) {
    await remove('drafts', `${owner}/${key}`);
  }

  async function wipeDrafts() {
    const all = await getAll('drafts');
    for (const record of all) await remove('drafts', record.key);
    const owners = new Set(all.map((r) => r.owner));
    for (const owner of owners) await remove('keys', `draft:${owner}`);
  }

  // --- Answers given offline -------------------------------------------------------------

  /// Keeps a submission (with its answered_at and answered_by) until the server has it, and
  /// asks the browser to send it when the phone is back online.
  async function queueAnswer(given) {
    const submission = { ...given };
    const owner = submission.answered_by;
    if (typeof owner !== 'number') throw new Error('an answer kept offline needs its owner');
    if (!submission.client_id) submission.client_id = newClientId();
    // The phone's time now: the server believes it within 72 hours, so that a late send of
    // a timely answer is not marked late.
    if (!submission.answered_at) submission.answered_at = new Date().toISOString();
    const { iv, data } = await seal(`queue:${owner}`, JSON.stringify(submission));
    await put('queue', { client_id: submission.client_id, owner, created_at: Date.now(), status: 'waiting', iv, data });
    await askForSync();
  }

  async function askForSync() {
    try {
      // Never waits for a worker that may not come: the answer is kept either way.
      const registration = self.registration
        || (self.navigator && navigator.serviceWorker ? await navigator.serviceWorker.getRegistration('/') : null);
      if (registration && registration.sync) await registration.sync.register(SYNC_TAG);
    } catch (_) {
      // No Background Sync (Firefox, Safari): the next page opened online sends them.
    }
  }

  /// How many answers wait on this phone: all of them, or one account's.
  async function unsent(owner) {
    const all = await getAll('queue');
    return all.filter((r) => owner === undefined || r.owner === owner).length;
  }

  /// What to do with an answer after one try: 'sent' (the server has it, now or before),
  /// 'signed-out' (nobody is signed in: everything waits), 'keep' (not this account's to
  /// send: it waits for its owner), 'refused' (the server will never take it; kept, and
  /// shown) or 'later' (no network, or busy).
  function classify(status, json = true) {
    if (status >= 200 && status < 300) return json ? 'sent' : 'later';
    if (status === 401) return 'signed-out';
    if (status === 403) return 'keep';
    if (status === 400 || status === 404 || status === 413 || status === 422) return 'refused';
    return 'later';
  }

  const isJson = (response) => (response.headers.get('content-type') || '').startsWith('application/json');

  async function sendOne(record) {
    let text = null;
    try {
      text = await open(`queue:${record.owner}`, record);
    } catch (_) {
      text = null;
    }
    if (text === null) return 'refused';
    let response;
    try {
      // Not followed: a captive portal's page, or a redirect to sign in, is not our answer.
      response = await fetch(SUBMIT_URL, {
        method: 'POST', credentials: 'same-origin', redirect: 'manual', signal: AbortSignal.timeout(15000),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ submission: JSON.parse(text) }),
      });
    } catch (_) {
      return 'later';
    }
    if (response.type === 'opaqueredirect') return 'later';
    return classify(response.status, isJson(response));
  }

  let flushing = null;
  /// Sends every waiting answer the signed-in person may send, once at a time (the page and
  /// the worker may both try; the server stores each client id once). A page names the
  /// account signed in: other accounts' answers are not even tried, and a refusal of this
  /// account's own answer is final. The worker does not know who is signed in: the server's
  /// refusal (403) leaves an answer for its owner. Returns counts.
  function flush(account) {
    if (!flushing) flushing = flushNow(account).finally(() => { flushing = null; });
    return flushing;
  }

  async function flushNow(account) {
    const counts = { sent: 0, kept: 0, refused: 0, later: 0 };
    let stop = false;
    const records = (await getAll('queue')).sort((a, b) => a.created_at - b.created_at);
    for (const record of records) {
      const someoneElses = account !== undefined && record.owner !== account;
      if (record.status !== 'waiting' || stop || someoneElses) {
        counts[record.status === 'refused' ? 'refused' : 'kept'] += 1;
        continue;
      }
      let outcome = await sendOne(record);
      if (outcome === 'keep' && account !== undefined) outcome = 'refused';
      if (outcome === 'sent') {
        await remove('queue', record.client_id);
        counts.sent += 1;
      } else if (outcome === 'refused') {
        await put('queue', { ...record, status: 'refused' });
        counts.refused += 1;
      } else if (outcome === 'keep') {
        counts.kept += 1;
      } else {
        // Signed out, or no network: the rest would fare the same.
        stop = true;
        counts[outcome === 'signed-out' ? 'kept' : 'later'] += 1;
      }
    }
    // The answers' keys stay: one could be in use by an answer being kept right now.
    return counts;
  }

  function newClientId() {
    return crypto.randomUUID();
  }

  self.VtvOffline = {
    SYNC_TAG, newClientId, savePlan, loadPlan, planOwner, wipePlan, refreshPlan, queueAnswer, unsent, flush, classify,
    keepDraft, takeDraft, dropDraft,
  };
})();
