// A local HTTP server that answers like CometGate's token and user routes: bearer check, the error shape
// {"error":{"code","message"}}, RateLimit headers on the answers that carry them, Retry-After on 429 and 503.
// Each test scripts the next answers; the server records every request it received.
import http from 'node:http';

const POLICY = '"per-user-60s";q=10;w=60, "per-user-3600s";q=60;w=3600';

export async function startRouteServer() {
  const requests = [];
  const scripted = [];
  let minted = 0;
  const cachedTokens = new Map(); // uid -> the token the route's cache holds for it
  const validTokens = new Map([['access-1', 'alice']]); // access token -> its user's UID
  const mint = (uid) => {
    minted += 1;
    cachedTokens.set(uid, `${uid}_17950000000000000000000000000000000000000${minted}`);
    return cachedTokens.get(uid);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push({ method: req.method, path: url.pathname, fresh: url.searchParams.get('fresh') === 'true',
      authorization: req.headers.authorization ?? null });
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const limitHeaders = (remaining) => ({ 'RateLimit-Policy': POLICY,
      RateLimit: `"per-user-60s";r=${remaining};t=6, "per-user-3600s";r=${remaining + 50};t=60`,
      'X-RateLimit-Remaining': String(remaining) });
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!validTokens.has(bearer)) {
      // Spring Security's 401: no RateLimit headers.
      return send(401, { error: { code: 'UNAUTHENTICATED', message: 'Send a valid access token.' } },
        { 'WWW-Authenticate': 'Bearer' });
    }
    const next = scripted.shift();
    if (next) {
      return send(next.status, next.body, { ...limitHeaders(0), ...(next.headers ?? {}) });
    }
    const uid = validTokens.get(bearer);
    if (url.pathname === '/cometchat-user' && req.method === 'DELETE') {
      cachedTokens.delete(uid);
      return send(204, undefined, limitHeaders(8));
    }
    if (url.pathname !== '/cometchat-token') {
      return send(404, { error: { code: 'NOT_FOUND', message: 'No route.' } });
    }
    if (req.method === 'DELETE') {
      cachedTokens.delete(uid);
      return send(204, undefined, limitHeaders(8));
    }
    if (req.method !== 'POST') {
      return send(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST or DELETE.' } },
        { Allow: 'POST,DELETE' });
    }
    if (!cachedTokens.has(uid) || url.searchParams.get('fresh') === 'true') {
      mint(uid);
    }
    return send(200, { uid, authToken: cachedTokens.get(uid), appId: 'demo-app', region: 'us' }, limitHeaders(9));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    tokenUrl: `${base}/cometchat-token`,
    userUrl: `${base}/cometchat-user`,
    requests,
    get minted() {
      return minted;
    },
    /** alice's token in the route's cache (`null` when none). */
    get cachedToken() {
      return cachedTokens.get('alice') ?? null;
    },
    cachedTokenOf(uid) {
      return cachedTokens.get(uid) ?? null;
    },
    /** Another device's `?fresh=true`: the route's cache now holds a newer token than this page. */
    rotate(uid = 'alice') {
      return mint(uid);
    },
    /** The next answers, whatever the request. */
    answerNext(...answers) {
      scripted.push(...answers);
    },
    /** `token` becomes a valid access token of `uid`. */
    acceptAccessToken(token, uid = 'alice') {
      validTokens.set(token, uid);
    },
    revokeAccessToken(token) {
      validTokens.delete(token);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
