// CometGate browser client: gets CometChat auth tokens from a CometGate token route and follows its rules.
// No runtime dependencies; an ES module for browsers and Node 18+ (anything with fetch).

/** The CometChat SDK's error code for a token it does not know (revoked, flushed, pushed out, or never minted). */
export const AUTH_TOKEN_NOT_FOUND = 'AUTH_ERR_AUTH_TOKEN_NOT_FOUND';

/**
 * A failed call of the route, with the gateway's stable error code (`RATE_LIMITED`, `UNAUTHENTICATED`,
 * `COMETCHAT_UNAVAILABLE`...), the HTTP status (0 when the network failed), and, for 429 and 503 answers with
 * `Retry-After`, when a retry is allowed.
 */
export class CometGateError extends Error {
  constructor({ code, message, status, retryAfterSeconds = null, retryAt = null, rateLimit = null }) {
    super(message);
    this.name = 'CometGateError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.retryAt = retryAt;
    this.rateLimit = rateLimit;
  }
}

/**
 * Creates a client of the token route.
 * @param {object} options
 * @param {string} options.tokenUrl the token route, e.g. `https://api.example.com/cometchat-token`
 * @param {string} [options.userUrl] the user route; defaults to `cometchat-user` next to the token route
 * @param {() => (string|Promise<string>)} options.getAccessToken the app's current access token (never stored here)
 * @param {() => (void|Promise<void>)} [options.onUnauthenticated] called once on a 401, to refresh the identity
 *   token; the request is then retried once
 * @param {typeof fetch} [options.fetch] defaults to the global fetch
 * @param {() => number} [options.now] the clock, in milliseconds (tests)
 */
export function createCometGateClient(options) {
  const { tokenUrl, getAccessToken, onUnauthenticated } = options ?? {};
  if (typeof tokenUrl !== 'string' || tokenUrl === '') {
    throw new TypeError('createCometGateClient: tokenUrl is required, e.g. "/cometchat-token"');
  }
  if (typeof getAccessToken !== 'function') {
    throw new TypeError('createCometGateClient: getAccessToken must be a function returning the access token');
  }
  const userUrl = options.userUrl ?? siblingUrl(tokenUrl, 'cometchat-user');
  const doFetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  const now = options.now ?? (() => Date.now());

  // The route's last answer, reused while the app's access token is the one it was asked with: a changed access
  // token may be another user's (a sign-out and sign-in without reset()), and one user must never get another's token.
  let cached = null; // { accessToken, answer }
  let inFlight = null; // { fresh, accessToken, askedIn, promise }: concurrent calls share it
  let blocked = null; // the last 429/503 with Retry-After: nothing is sent before it has passed
  let lastRateLimit = null;
  let generation = 0; // bumped by reset(): an answer to a request sent before it is not kept

  async function send(method, url, accessToken) {
    if (blocked && now() < blocked.retryAt) {
      throw new CometGateError({ ...blocked.error, retryAfterSeconds: Math.ceil((blocked.retryAt - now()) / 1000),
        retryAt: blocked.retryAt, rateLimit: lastRateLimit });
    }
    let response = await call(method, url, accessToken ?? await getAccessToken());
    if (response.status === 401 && typeof onUnauthenticated === 'function') {
      await onUnauthenticated();
      response = await call(method, url, await getAccessToken());
    }
    const rateLimit = parseRateLimit(response.headers);
    if (rateLimit) {
      lastRateLimit = rateLimit;
    }
    if (response.ok) {
      return response;
    }
    const error = await errorOf(response, rateLimit);
    if ((response.status === 429 || response.status === 503) && error.retryAt !== null) {
      blocked = { retryAt: error.retryAt, error: { code: error.code, message: error.message, status: error.status } };
    }
    throw error;
  }

  async function call(method, url, accessToken) {
    try {
      return await doFetch(url, {
        method,
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
      });
    }
    catch (cause) {
      throw new CometGateError({ code: 'NETWORK_ERROR', status: 0,
        message: `The token route could not be reached: ${cause?.message ?? cause}` });
    }
  }

  async function errorOf(response, rateLimit) {
    let code = `HTTP_${response.status}`;
    let message = `The token route answered ${response.status}.`;
    try {
      const body = await response.json();
      if (body && body.error && typeof body.error.code === 'string') {
        code = body.error.code;
        message = typeof body.error.message === 'string' ? body.error.message : message;
      }
    }
    catch {
      // Not the gateway's JSON (a proxy's page, say): keep the status-based code.
    }
    const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'), now());
    const retryAt = retryAfterSeconds === null ? null : now() + retryAfterSeconds * 1000;
    return new CometGateError({ code, message, status: response.status, retryAfterSeconds, retryAt, rateLimit });
  }

  async function requestToken(fresh, accessToken, askedIn) {
    const url = fresh ? withQuery(tokenUrl, 'fresh', 'true') : tokenUrl;
    const response = await send('POST', url, accessToken);
    const answer = await response.json();
    if (askedIn === generation) {
      cached = { accessToken, answer };
    }
    return answer;
  }

  function reset() {
    generation += 1;
    cached = null;
    inFlight = null;
    blocked = null;
    lastRateLimit = null;
  }

  return {
    /**
     * The caller's CometChat auth token: `{uid, authToken, appId, region}`.
     * - default: the answer this page already got, else one request to the route (the route answers its cache);
     * - `revalidate: true`: ask the route again, without `fresh` (it may hold a newer token than this page);
     * - `fresh: true`: the route mints a new token with `force` and replaces its cache.
     * Concurrent calls share one request.
     */
    async token({ fresh = false, revalidate = false } = {}) {
      const askedIn = generation;
      const accessToken = await getAccessToken();
      if (!fresh && !revalidate && cached && cached.accessToken === accessToken) {
        return cached.answer;
      }
      if (inFlight && inFlight.askedIn === askedIn && inFlight.accessToken === accessToken
        && (inFlight.fresh || !fresh)) {
        return inFlight.promise;
      }
      const promise = requestToken(fresh, accessToken, askedIn).finally(() => {
        if (inFlight && inFlight.promise === promise) {
          inFlight = null;
        }
      });
      inFlight = { fresh, accessToken, askedIn, promise };
      return promise;
    },

    /**
     * Forgets everything about the signed-in user: the page's answer, a request in flight (its answer is dropped),
     * the last `Retry-After` and rate-limit figures. Call it on the app's sign-out; `logout()` calls it too.
     */
    reset,

    /**
     * Logs out at the gateway: `DELETE` on the token route, which revokes the user's cached token at CometChat.
     * It never asks for a token (no mint to revoke it); the client is `reset()` even when the request fails.
     */
    async logout() {
      try {
        await send('DELETE', tokenUrl);
      }
      finally {
        reset();
      }
    },

    /** Erases the caller's CometChat user (`DELETE` on the user route): the user and all its tokens are gone. */
    async eraseChatUser() {
      try {
        await send('DELETE', userUrl);
      }
      finally {
        reset();
      }
    },

    /** The per-user limit as of the last answer (`null` before any), parsed from the `RateLimit` headers. */
    get rateLimit() {
      return lastRateLimit;
    },

    /** When the last `Retry-After` ends (epoch milliseconds), or `null` when requests may be sent now. */
    get retryAt() {
      return blocked && now() < blocked.retryAt ? blocked.retryAt : null;
    },
  };
}

/**
 * Logs the app's user in to CometChat with a token from the route, and recovers when CometChat no longer knows the
 * token. It ends with the app's user logged in, never another: the SDK keeps its session in the browser's storage,
 * so on a shared browser, or after an app sign-out that did not log out of chat, it may still hold someone else.
 * `CometChat.init` must have been called.
 * 1. The SDK holds a user and the page knows the app user's UID (`options.uid`, or the client's answer for the
 *    current access token): the same UID is kept with no request; another UID is logged out of CometChat first.
 * 2. The SDK holds a user and the page has no answer yet (a reload): the route's answer tells the UID (one request,
 *    answered from the gateway's cache, no mint); the same UID is kept, another is logged out first.
 * 3. Log in with the route's token (the one this page already has, else the route's cached one).
 * 4. On `AUTH_ERR_AUTH_TOKEN_NOT_FOUND`: ask the route again WITHOUT `fresh` (another device or a rotation may have
 *    left a newer token in the gateway's cache, and no mint is spent); only if the same token comes back, ask with
 *    `fresh`. Then log in once more. Never a loop: a second failure is thrown.
 * @param {object} CometChat the SDK, or anything with its `getLoggedinUser`, `login(authToken)` and `logout`
 *   (the UI Kit: `login: (token) => CometChatUIKit.loginWithAuthToken(token)`)
 * @param {object} client a client of `createCometGateClient`
 * @param {object} [options]
 * @param {string} [options.uid] the app user's CometChat UID, when the page knows it (the route's `uid`)
 * @param {(step: 'revalidated'|'fresh') => void} [options.onRecovery]
 * @param {(uid: string) => void} [options.onOtherUserLoggedOut] told when another user's chat session was ended
 * @returns {Promise<object>} the CometChat user
 */
export async function loginToCometChat(CometChat, client, { uid, onRecovery, onOtherUserLoggedOut } = {}) {
  const current = await CometChat.getLoggedinUser();
  let first = null;
  if (current) {
    // The page's answer for this access token costs no request; without one, the route's answer comes from the
    // gateway's cache (no mint).
    const expected = uid ?? (first = await client.token()).uid;
    const held = uidOf(current);
    if (held === expected) {
      return current;
    }
    // Another user's chat: end it before anything else, so that a failure below leaves nobody logged in.
    await CometChat.logout();
    if (typeof onOtherUserLoggedOut === 'function') {
      onOtherUserLoggedOut(held);
    }
  }
  first = first ?? await client.token();
  try {
    return await CometChat.login(first.authToken);
  }
  catch (error) {
    if (errorCode(error) !== AUTH_TOKEN_NOT_FOUND) {
      throw error;
    }
  }
  let next = await client.token({ revalidate: true });
  let step = 'revalidated';
  if (next.authToken === first.authToken) {
    next = await client.token({ fresh: true });
    step = 'fresh';
  }
  if (typeof onRecovery === 'function') {
    onRecovery(step);
  }
  return CometChat.login(next.authToken);
}

/**
 * Signs the user out of chat: logs out of CometChat on this device, then at the gateway (which revokes the token),
 * and resets the client. No token is asked for on the way (nothing is minted to be revoked). The gateway is told
 * even when the SDK's logout fails.
 */
export async function logoutEverywhere(CometChat, client) {
  try {
    await CometChat.logout();
  }
  finally {
    await client.logout();
  }
}

/**
 * Parses the IETF `RateLimit-Policy` and `RateLimit` structured fields (and `X-RateLimit-Remaining`) into numbers:
 * `{ remaining, limit, resetSeconds, policies: [{ name, quota, windowSeconds, remaining, resetSeconds }] }`, where
 * the top-level figures are those of the policy with the fewest requests left. `null` when there are none.
 */
export function parseRateLimit(headers) {
  const policyHeader = headers.get('RateLimit-Policy');
  const stateHeader = headers.get('RateLimit');
  const legacyRemaining = headers.get('X-RateLimit-Remaining');
  if (!policyHeader && !stateHeader && legacyRemaining === null) {
    return null;
  }
  const policies = new Map();
  for (const item of structuredList(policyHeader)) {
    policies.set(item.name, { name: item.name, quota: item.params.q ?? null, windowSeconds: item.params.w ?? null,
      remaining: null, resetSeconds: null });
  }
  for (const item of structuredList(stateHeader)) {
    const policy = policies.get(item.name)
      ?? { name: item.name, quota: null, windowSeconds: null, remaining: null, resetSeconds: null };
    policy.remaining = item.params.r ?? null;
    policy.resetSeconds = item.params.t ?? null;
    policies.set(item.name, policy);
  }
  const list = [...policies.values()];
  const tightest = list.filter((p) => p.remaining !== null).sort((a, b) => a.remaining - b.remaining)[0];
  const remaining = tightest ? tightest.remaining : toNumber(legacyRemaining);
  return { remaining, limit: tightest ? tightest.quota : null, resetSeconds: tightest ? tightest.resetSeconds : null,
    policies: list };
}

/** `Retry-After` in whole seconds (delta-seconds or an HTTP date), or `null` when absent or unreadable. */
export function parseRetryAfter(value, nowMillis = Date.now()) {
  if (value === null || value === undefined || value.trim() === '') {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - nowMillis) / 1000));
}

function structuredList(value) {
  if (!value) {
    return [];
  }
  return value.split(',').map((member) => {
    const [rawName, ...rawParams] = member.split(';').map((part) => part.trim());
    const params = {};
    for (const param of rawParams) {
      const [key, raw] = param.split('=');
      const number = toNumber(raw);
      if (key && number !== null) {
        params[key.trim()] = number;
      }
    }
    return { name: rawName.replace(/^"|"$/g, ''), params };
  }).filter((item) => item.name !== '');
}

function toNumber(value) {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) {
    return null;
  }
  return Number(value);
}

/** The SDK's `User` has `getUid()`; plain objects (tests, the SDK's JSON) have `uid`. */
function uidOf(user) {
  return typeof user.getUid === 'function' ? user.getUid() : user.uid;
}

function errorCode(error) {
  return error && typeof error === 'object' ? error.code : undefined;
}

function withQuery(url, name, value) {
  return url + (url.includes('?') ? '&' : '?') + encodeURIComponent(name) + '=' + encodeURIComponent(value);
}

function siblingUrl(url, name) {
  const queryStart = url.search(/[?#]/);
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  return path.replace(/[^/]*$/, name);
}
