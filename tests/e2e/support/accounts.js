// Accounts made through the API, for tests that start part-way through: sign in through the
// sandbox's ticket, register, and hand the session to the page as the app keeps it.

/** A name no other test run uses (names are unique on the server). */
export function uniqueName(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Registers a new `entity_type` account; returns its session token. */
export async function registerThroughApi(request, entityType) {
  const ticket = await (await request.post('/api/v1/tickets')).json();
  const confirmed = await (await request.post(`/api/v1/sandbox/tickets/${ticket.id}/confirm`, { data: {} })).json();
  const token = confirmed.session.token;
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
