// A real OpenID provider for the tests (npm oidc-provider 9): the hospital's identity
// system as Vein-to-Vein meets it. Started by the harness on `localhost` (the app runs on
// 127.0.0.1, another site, so cookie bugs show). Its people and their groups are below; its
// sign-in page is plain (a user name; any password), and a `login_hint` skips it, for the
// HTTP tests. PKCE is required, back-channel and RP-initiated logout are on.
//
//   PORT=4010 APP=http://127.0.0.1:3010 [ID_TOKEN_TTL=600] node end2end/oidc/provider.mjs
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const app = process.env.APP;
const idTokenTtl = Number(process.env.ID_TOKEN_TTL || 600);

export const people = {
  nora: { email: 'nora@hospital.example', email_verified: true, name: 'Nora Verpleeg', groups: ['vtv-nurses'], vtv_centre: 'UZL-HEM' },
  adam: { email: 'adam@hospital.example', email_verified: true, name: 'Adam Beheer', groups: ['vtv-admins', 'vtv-nurses'] },
  olga: { email: 'olga@hospital.example', email_verified: true, name: 'Olga IT', groups: ['it-staff'] },
  nina: { email: 'nina@hospital.example', email_verified: true, name: 'Nina Zonder', groups: ['vtv-nurses'] },
  // Her address is not checked by the provider: no account is made or taken for it.
  una: { email: 'una@hospital.example', email_verified: false, name: 'Una', groups: ['vtv-nurses'], vtv_centre: 'UZL-HEM' },
  // Another person with Nora's address: Nora's account, once linked, is hers alone.
  eve: { email: 'nora@hospital.example', email_verified: true, name: 'Eve', groups: ['vtv-admins'] },
  // Her email is a patient's in the app: the provider may not take that account.
  pia: { email: 'pia@example.org', email_verified: true, name: 'Pia', groups: ['vtv-nurses'], vtv_centre: 'UZL-HEM' },
};

const provider = new Provider(`http://localhost:${port}`, {
  clients: [{
    client_id: 'vein-to-vein',
    client_secret: 'test-client-secret',
    redirect_uris: [`${app}/auth/sso/callback`],
    post_logout_redirect_uris: [`${app}/login`],
    backchannel_logout_uri: `${app}/auth/sso/backchannel-logout`,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups', 'vtv_centre'] },
  findAccount: async (ctx, id) => people[id] && { accountId: id, claims: async () => ({ sub: id, ...people[id] }) },
  ttl: { IdToken: idTokenTtl, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['vtv-test-provider-cookie-key'] },
  // The provider refuses to call special-use addresses (its SSRF guard); the app under
  // test is on 127.0.0.1, so its back-channel calls go out without that guard here.
  fetch: (url, options) => globalThis.fetch(url, { ...options, dispatcher: undefined }),
});
provider.proxy = false;
// Said on stderr, which the harness shows when a test fails.
provider.on('backchannel.error', (ctx, error, client) => console.error('backchannel.error', client.clientId, error.message, error.cause));
provider.on('backchannel.success', (ctx, client) => console.error('backchannel.success', client.clientId));
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const page = (uid) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hospital sign-in</title></head>
<body><main><h1>Hospital sign-in</h1>
<form method="post" action="/interaction/${uid}/login">
<label for="login">User name</label> <input id="login" name="login" autocomplete="username" required>
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></main></body></html>`;

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

async function finish(req, res, details, login) {
  let result;
  if (!people[login]) {
    result = { error: 'access_denied', error_description: 'no such person' };
  } else {
    const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    result = { login: { accountId: login }, consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function interaction(req, res) {
  const [, , uid, step] = new URL(req.url, 'http://localhost').pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST' && step === 'login') {
    return finish(req, res, details, (await body(req)).get('login'));
  }
  if (details.params.login_hint) {
    return finish(req, res, details, details.params.login_hint);
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page(uid));
}

const handle = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  } else {
    handle(req, res);
  }
}).listen(port, () => console.log(`listening on http://localhost:${port}`));
