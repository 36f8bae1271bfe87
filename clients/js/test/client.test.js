import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { createCometGateClient, CometGateError, parseRateLimit, parseRetryAfter } from '../src/index.js';
import { startRouteServer } from './support/route-server.js';

let route;
let clock;

beforeEach(async () => {
  route = await startRouteServer();
  clock = { millis: 1_000_000 };
});

afterEach(async () => {
  await route.close();
});

function client(options = {}) {
  return createCometGateClient({ tokenUrl: route.tokenUrl, getAccessToken: () => 'access-1',
    now: () => clock.millis, ...options });
}

const posts = () => route.requests.filter((r) => r.method === 'POST');

test('tokenWhenCalledThenPostsWithTheBearerTokenAndAnswersTheRoutesJson', async () => {
  const answer = await client().token();

  assert.deepEqual(answer, { uid: 'alice', authToken: route.cachedToken, appId: 'demo-app', region: 'us' });
  assert.equal(route.requests.length, 1);
  assert.deepEqual(route.requests[0], { method: 'POST', path: '/cometchat-token', fresh: false,
    authorization: 'Bearer access-1' });
});

test('tokenWhenCalledAgainThenReusesThePagesAnswerWithoutARequest', async () => {
  const gate = client();
  const first = await gate.token();
  const second = await gate.token();

  assert.equal(second.authToken, first.authToken);
  assert.equal(route.requests.length, 1);
});

test('tokenWhenCalledConcurrentlyThenSharesOneRequest', async () => {
  const gate = client();
  const answers = await Promise.all([gate.token(), gate.token(), gate.token(), gate.token({ revalidate: true })]);

  assert.equal(route.requests.length, 1);
  assert.equal(new Set(answers.map((a) => a.authToken)).size, 1);
});

test('tokenWhenFreshThenPostsFreshTrueAndReplacesThePagesAnswer', async () => {
  const gate = client();
  const first = await gate.token();
  const fresh = await gate.token({ fresh: true });
  const after = await gate.token();

  assert.notEqual(fresh.authToken, first.authToken);
  assert.equal(after.authToken, fresh.authToken);
  assert.deepEqual(posts().map((r) => r.fresh), [false, true]);
  assert.equal(route.minted, 2);
});

test('tokenWhenFreshCallsAreConcurrentThenTheyShareOneMint', async () => {
  const gate = client();
  await Promise.all([gate.token({ fresh: true }), gate.token({ fresh: true }), gate.token()]);

  assert.equal(route.requests.length, 1);
  assert.equal(route.minted, 1);
});

test('tokenWhenRevalidateThenAsksTheRouteWithoutFresh', async () => {
  const gate = client();
  await gate.token();
  const newer = route.rotate();
  const answer = await gate.token({ revalidate: true });

  assert.equal(answer.authToken, newer);
  assert.deepEqual(posts().map((r) => r.fresh), [false, false]);
});

test('tokenWhenAnsweredThenExposesTheRateLimitHeadersAsNumbers', async () => {
  const gate = client();
  assert.equal(gate.rateLimit, null);
  await gate.token();

  assert.equal(gate.rateLimit.remaining, 9);
  assert.equal(gate.rateLimit.limit, 10);
  assert.equal(gate.rateLimit.resetSeconds, 6);
  assert.deepEqual(gate.rateLimit.policies, [
    { name: 'per-user-60s', quota: 10, windowSeconds: 60, remaining: 9, resetSeconds: 6 },
    { name: 'per-user-3600s', quota: 60, windowSeconds: 3600, remaining: 59, resetSeconds: 60 },
  ]);
});

test('tokenWhenRateLimitedThenTypedErrorSaysWhenAndNothingIsSentBeforeRetryAfter', async () => {
  route.answerNext({ status: 429, headers: { 'Retry-After': '6' },
    body: { error: { code: 'RATE_LIMITED', message: 'Too many token requests: retry in 6 seconds.' } } });
  const gate = client();

  const error = await gate.token().catch((e) => e);
  assert.ok(error instanceof CometGateError);
  assert.equal(error.code, 'RATE_LIMITED');
  assert.equal(error.status, 429);
  assert.equal(error.retryAfterSeconds, 6);
  assert.equal(error.retryAt, clock.millis + 6000);
  assert.equal(error.message, 'Too many token requests: retry in 6 seconds.');
  assert.equal(error.rateLimit.remaining, 0);
  assert.equal(gate.retryAt, clock.millis + 6000);

  clock.millis += 2000;
  const early = await gate.token().catch((e) => e);
  assert.equal(early.code, 'RATE_LIMITED');
  assert.equal(early.retryAfterSeconds, 4);
  const earlyLogout = await gate.logout().catch((e) => e);
  assert.equal(earlyLogout.code, 'RATE_LIMITED');
  assert.equal(route.requests.length, 1, 'no request before Retry-After has passed');

  clock.millis += 4000;
  assert.equal(gate.retryAt, null);
  const answer = await gate.token();
  assert.equal(answer.uid, 'alice');
  assert.equal(route.requests.length, 2);
});

test('tokenWhenUpstreamBudgetSpentThen503WithRetryAfterBlocksLikeA429', async () => {
  route.answerNext({ status: 503, headers: { 'Retry-After': '3' },
    body: { error: { code: 'UPSTREAM_BUDGET_EXHAUSTED', message: 'Try again in 3 seconds.' } } });
  const gate = client();

  const error = await gate.token().catch((e) => e);
  assert.equal(error.code, 'UPSTREAM_BUDGET_EXHAUSTED');
  assert.equal(error.status, 503);
  assert.equal(error.retryAfterSeconds, 3);
  await assert.rejects(gate.token({ fresh: true }), { code: 'UPSTREAM_BUDGET_EXHAUSTED' });
  assert.equal(route.requests.length, 1);
});

test('tokenWhen502WithoutRetryAfterThenTheNextCallIsSent', async () => {
  route.answerNext({ status: 502, body: { error: { code: 'COMETCHAT_UNAVAILABLE', message: 'CometChat failed.' } } });
  const gate = client();

  await assert.rejects(gate.token(), { code: 'COMETCHAT_UNAVAILABLE', status: 502, retryAfterSeconds: null });
  await gate.token();
  assert.equal(route.requests.length, 2);
});

test('tokenWhenTheBodyIsNotTheGatewaysJsonThenCodeNamesTheStatus', async () => {
  route.answerNext({ status: 502, body: '<html>Bad gateway</html>' });

  await assert.rejects(client().token(), { code: 'HTTP_502', status: 502 });
});

test('tokenWhenTheRouteIsUnreachableThenNetworkError', async () => {
  const url = route.tokenUrl;
  await route.close();
  route = { close: async () => {} };

  await assert.rejects(createCometGateClient({ tokenUrl: url, getAccessToken: () => 'a' }).token(),
    { code: 'NETWORK_ERROR', status: 0 });
});

test('tokenWhen401ThenCallsOnUnauthenticatedOnceAndRetriesOnceWithTheNewAccessToken', async () => {
  let accessToken = 'expired';
  let hookCalls = 0;
  const gate = client({ getAccessToken: () => accessToken,
    onUnauthenticated: async () => { hookCalls += 1; accessToken = 'access-1'; } });

  const answer = await gate.token();

  assert.equal(answer.uid, 'alice');
  assert.equal(hookCalls, 1);
  assert.deepEqual(route.requests.map((r) => r.authorization), ['Bearer expired', 'Bearer access-1']);
});

test('tokenWhen401PersistsThenUnauthenticatedAfterOneRetryAndTheHookOnce', async () => {
  let hookCalls = 0;
  const gate = client({ getAccessToken: () => 'still-bad', onUnauthenticated: () => { hookCalls += 1; } });

  await assert.rejects(gate.token(), { code: 'UNAUTHENTICATED', status: 401 });
  assert.equal(hookCalls, 1);
  assert.equal(route.requests.length, 2);
});

test('tokenWhen401WithoutAHookThenUnauthenticatedWithoutRetry', async () => {
  await assert.rejects(client({ getAccessToken: () => 'bad' }).token(), { code: 'UNAUTHENTICATED' });
  assert.equal(route.requests.length, 1);
});

test('logoutWhenCalledThenDeletesOnTheTokenRouteAndForgetsThePagesAnswer', async () => {
  const gate = client();
  const first = await gate.token();
  await gate.logout();
  const after = await gate.token();

  assert.deepEqual(route.requests.map((r) => `${r.method} ${r.path}`),
    ['POST /cometchat-token', 'DELETE /cometchat-token', 'POST /cometchat-token']);
  assert.notEqual(after.authToken, first.authToken);
});

test('eraseChatUserWhenCalledThenDeletesOnTheUserRoute', async () => {
  const gate = client();
  await gate.token();
  await gate.eraseChatUser();
  await gate.token();

  assert.deepEqual(route.requests.map((r) => `${r.method} ${r.path}`),
    ['POST /cometchat-token', 'DELETE /cometchat-user', 'POST /cometchat-token']);
});

test('tokenWhenTheAccessTokenChangedThenAsksTheRouteAgainAndNeverAnswersThePreviousUsersToken', async () => {
  route.acceptAccessToken('access-bob', 'bob');
  let accessToken = 'access-1';
  const gate = client({ getAccessToken: () => accessToken });
  const alices = await gate.token();

  accessToken = 'access-bob';
  const bobs = await gate.token();

  assert.equal(alices.uid, 'alice');
  assert.equal(bobs.uid, 'bob');
  assert.deepEqual(posts().map((r) => r.authorization), ['Bearer access-1', 'Bearer access-bob']);
});

test('resetWhenCalledThenThePagesAnswerIsForgottenAndTheNextCallAsks', async () => {
  const gate = client();
  await gate.token();

  gate.reset();
  await gate.token();

  assert.equal(posts().length, 2);
});

test('resetWhenARequestIsInFlightThenItsAnswerIsNotKept', async () => {
  const gate = client();
  const pending = gate.token();

  gate.reset();
  await pending;
  await gate.token();

  assert.equal(posts().length, 2, 'the answer to the request sent before reset() was not reused');
});

test('resetWhenRateLimitedThenTheNextUserIsNotHeldByTheCountdown', async () => {
  route.answerNext({ status: 429, headers: { 'Retry-After': '6' },
    body: { error: { code: 'RATE_LIMITED', message: 'Too many token requests: retry in 6 seconds.' } } });
  const gate = client();
  await gate.token().catch(() => {});
  assert.notEqual(gate.retryAt, null);

  gate.reset();

  assert.equal(gate.retryAt, null);
  assert.equal(gate.rateLimit, null);
  assert.equal((await gate.token()).uid, 'alice');
});

test('logoutWhenTheRouteFailsThenThePagesAnswerIsForgottenAnyway', async () => {
  const gate = client();
  await gate.token();
  route.answerNext({ status: 502, body: { error: { code: 'COMETCHAT_UNAVAILABLE', message: 'CometChat failed.' } } });

  await assert.rejects(gate.logout(), { code: 'COMETCHAT_UNAVAILABLE' });
  await gate.token();

  assert.deepEqual(route.requests.map((r) => r.method), ['POST', 'DELETE', 'POST']);
});

test('createWhenOptionsMissingThenTypeErrorNamesTheOption', () => {
  assert.throws(() => createCometGateClient({ getAccessToken: () => 'a' }), /tokenUrl is required/);
  assert.throws(() => createCometGateClient({ tokenUrl: '/cometchat-token' }), /getAccessToken/);
});

test('parseRateLimitWhenSinglePolicyOrLegacyOnlyThenNumbers', () => {
  const single = parseRateLimit(new Headers({ 'RateLimit-Policy': '"per-user";q=10;w=60',
    RateLimit: '"per-user";r=3;t=12' }));
  assert.deepEqual(single, { remaining: 3, limit: 10, resetSeconds: 12,
    policies: [{ name: 'per-user', quota: 10, windowSeconds: 60, remaining: 3, resetSeconds: 12 }] });
  assert.equal(parseRateLimit(new Headers({ 'X-RateLimit-Remaining': '4' })).remaining, 4);
  assert.equal(parseRateLimit(new Headers()), null);
});

test('parseRetryAfterWhenSecondsOrHttpDateThenWholeSeconds', () => {
  assert.equal(parseRetryAfter('7'), 7);
  assert.equal(parseRetryAfter(new Date(10_500).toUTCString(), 1_000), 9);
  assert.equal(parseRetryAfter(null), null);
  assert.equal(parseRetryAfter('soon'), null);
});
