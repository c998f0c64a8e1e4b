// Accounts made through the API, for tests that start part-way through: sign in as a phone does
// (WeChat's web authorization, on the sandbox's WeChat) for a desktop's ticket, register, and hand
// the session to the page as the app keeps it.

/** A name no other test run uses (names are unique on the server). */
export function uniqueName(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** The path of a redirect's target on this server (WeChat's `#wechat_redirect` left off). */
function redirectPath(response) {
  const url = new URL(response.headers().location);
  return url.pathname + url.search;
}

/** A desktop's session, signed in by a phone on the sandbox's WeChat as a new test user: what a
 * person does with the QR code, over HTTP. `request` keeps the phone's cookies. */
export async function signInThroughApi(request) {
  const ticket = await (await request.post('/api/v1/tickets')).json();
  const phonePage = `/m/sign-in/${ticket.id}`;
  const toWechat = await request.get(`/auth/wechat?ticket=${ticket.id}&return=${encodeURIComponent(phonePage)}`, { maxRedirects: 0 });
  const authorize = new URL(redirectPath(toWechat), 'http://x');
  const form = Object.fromEntries(authorize.searchParams);
  const confirmed = await request.post(authorize.pathname, { form: { ...form, user: 'new' }, maxRedirects: 0 });
  const back = await request.get(redirectPath(confirmed), { maxRedirects: 0 });
  if (!back.headers().location.endsWith('wechat_sign_in=ok')) throw new Error(`sign-in failed: ${back.headers().location}`);
  const polled = await (await request.get(`/api/v1/tickets/${ticket.id}`, { headers: { 'ticket-claim': ticket.claim } })).json();
  return polled.session.token;
}

/** Registers a new `entity_type` account; returns its session token. */
export async function registerThroughApi(request, entityType) {
  const token = await signInThroughApi(request);
  const registered = await request.post('/api/v1/registration', {
    headers: { authorization: `Bearer ${token}` },
    data: { entity_type: entityType, account_name: uniqueName('t'), entry_notice_version: '2024-06' },
  });
  if (registered.status() !== 201) throw new Error(`registration failed: ${registered.status()}`);
  return token;
}

/** Opens the app signed in with `token`, in `lang`. */
export async function signedIn(page, token, lang, path = '/apply') {
  await page.addInitScript(
    ([t, l]) => {
      window.localStorage.setItem('onboarding.session', t);
      window.localStorage.setItem('onboarding.locale', l);
    },
    [token, lang],
  );
  await page.goto(path);
}
