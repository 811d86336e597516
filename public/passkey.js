// Passkeys: signing in with one (the sign-in page) and making one (settings). Plain
// JavaScript, so that signing in needs no wasm. Each is a ceremony of two requests to the
// server (server/src/auth/passkeys.rs): the options, then the authenticator's answer. The
// last answer names the page to go to, whose message says what happened in the person's
// language; the words shown meanwhile come from the panel's data-msg-* attributes.
//
// Clicks are caught on the document, so that buttons drawn later by the app (a page
// reached without a reload) work too.

const fromBase64url = (text) => {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

const toBase64url = (buffer) => {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

// The server's options name bytes in base64url; the browser wants them as bytes.
const creationOptions = ({ publicKey }) => ({
  ...publicKey,
  challenge: fromBase64url(publicKey.challenge),
  user: { ...publicKey.user, id: fromBase64url(publicKey.user.id) },
  excludeCredentials: (publicKey.excludeCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
});

const requestOptions = ({ publicKey }) => ({
  ...publicKey,
  challenge: fromBase64url(publicKey.challenge),
  allowCredentials: (publicKey.allowCredentials || []).map((c) => ({ ...c, id: fromBase64url(c.id) })),
});

const extensions = (credential) =>
  credential.getClientExtensionResults ? credential.getClientExtensionResults() : {};

const registrationJSON = (credential) => ({
  id: credential.id,
  rawId: toBase64url(credential.rawId),
  type: credential.type,
  response: {
    attestationObject: toBase64url(credential.response.attestationObject),
    clientDataJSON: toBase64url(credential.response.clientDataJSON),
    transports: credential.response.getTransports ? credential.response.getTransports() : [],
  },
  extensions: extensions(credential),
});

const assertionJSON = (credential) => ({
  id: credential.id,
  rawId: toBase64url(credential.rawId),
  type: credential.type,
  response: {
    authenticatorData: toBase64url(credential.response.authenticatorData),
    clientDataJSON: toBase64url(credential.response.clientDataJSON),
    signature: toBase64url(credential.response.signature),
    userHandle: credential.response.userHandle ? toBase64url(credential.response.userHandle) : null,
  },
  extensions: extensions(credential),
});

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body || {}),
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON (passkeys not offered, a proxy's page): said as a failure below.
  }
  return { ok: response.ok, json };
}

const CEREMONIES = {
  "data-passkey-sign-in": {
    options: "/auth/passkey/sign-in/options",
    answer: "/auth/passkey/sign-in",
    ask: (options) => navigator.credentials.get({ publicKey: requestOptions(options) }),
    json: assertionJSON,
  },
  "data-passkey-create": {
    options: "/auth/passkey/register/options",
    answer: "/auth/passkey/register",
    ask: (options) => navigator.credentials.create({ publicKey: creationOptions(options) }),
    json: registrationJSON,
  },
};

async function ceremony(button, steps) {
  const panel = button.closest("[data-passkey-panel]");
  const status = panel && panel.querySelector("[data-passkey-status]");
  const say = (key) => {
    if (status) status.textContent = (panel && panel.dataset[key]) || "";
  };
  if (!window.PublicKeyCredential || !navigator.credentials) {
    say("msgUnsupported");
    return;
  }
  button.disabled = true;
  say("msgWorking");
  try {
    const begun = await post(steps.options);
    if (!begun.ok || !begun.json || !begun.json.ceremony) {
      if (begun.json && begun.json.redirect) location.assign(begun.json.redirect);
      else say("msgFailed");
      return;
    }
    let credential = null;
    try {
      credential = await steps.ask(begun.json.options);
    } catch {
      // Cancelled, timed out, or no passkey for this site on the phone.
    }
    if (!credential) {
      say("msgCancelled");
      return;
    }
    const done = await post(steps.answer, { ceremony: begun.json.ceremony, credential: steps.json(credential) });
    if (done.json && done.json.redirect) location.assign(done.json.redirect);
    else say("msgFailed");
  } catch {
    say("msgFailed");
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("click", (event) => {
  for (const [attribute, steps] of Object.entries(CEREMONIES)) {
    const button = event.target.closest && event.target.closest(`[${attribute}]`);
    if (button) {
      event.preventDefault();
      ceremony(button, steps);
      return;
    }
  }
});
