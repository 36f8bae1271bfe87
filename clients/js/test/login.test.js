import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { createCometGateClient, loginToCometChat, logoutEverywhere } from '../src/index.js';
import { startRouteServer } from './support/route-server.js';

let route;

beforeEach(async () => {
  route = await startRouteServer();
});

afterEach(async () => {
  await route.close();
});

const gateClient = () => createCometGateClient({ tokenUrl: route.tokenUrl, getAccessToken: () => 'access-1' });
const posts = () => route.requests.filter((r) => r.method === 'POST');

/**
 * The SDK's side, as CometChat behaves: a logged-in user survives a page reload, and a token CometChat does not
 * know is rejected with AUTH_ERR_AUTH_TOKEN_NOT_FOUND.
 */
function fakeCometChat({ loggedIn = null, valid = () => true } = {}) {
  const sdk = {
    user: loggedIn,
    logins: [],
    events: [],
    async getLoggedinUser() {
      return sdk.user;
    },
    async login(authToken) {
      sdk.logins.push(authToken);
      if (!valid(authToken)) {
        const error = new Error('The auth token does not exist.');
        error.code = 'AUTH_ERR_AUTH_TOKEN_NOT_FOUND';
        throw error;
      }
      sdk.user = { uid: authToken.split('_')[0] };
      return sdk.user;
    },
    async logout() {
      sdk.events.push(`logout with ${route.requests.length} route requests`);
      sdk.user = null;
    },
  };
  return sdk;
}

test('loginToCometChatWhenAlreadyLoggedInThenNoTokenRequest', async () => {
  const sdk = fakeCometChat({ loggedIn: { uid: 'alice' } });

  const user = await loginToCometChat(sdk, gateClient());

  assert.deepEqual(user, { uid: 'alice' });
  assert.equal(route.requests.length, 0);
  assert.equal(sdk.logins.length, 0);
});

test('loginToCometChatWhenNotLoggedInThenLogsInWithTheRoutesToken', async () => {
  const sdk = fakeCometChat();

  const user = await loginToCometChat(sdk, gateClient());

  assert.equal(user.uid, 'alice');
  assert.deepEqual(sdk.logins, [route.cachedToken]);
  assert.equal(route.requests.length, 1);
});

test('loginToCometChatWhenTokenUnknownAndTheRouteHoldsANewerOneThenLogsInWithItWithoutAMint', async () => {
  const gate = gateClient();
  const stale = (await gate.token()).authToken;
  const current = route.rotate(); // another device asked for fresh; this page still holds the older token
  const mintsBefore = route.minted;
  const sdk = fakeCometChat({ valid: (token) => token !== stale });
  const steps = [];

  const user = await loginToCometChat(sdk, gate, { onRecovery: (step) => steps.push(step) });

  assert.equal(user.uid, 'alice');
  assert.deepEqual(sdk.logins, [stale, current]);
  assert.deepEqual(posts().map((r) => r.fresh), [false, false], 'asked again without fresh, never with it');
  assert.equal(route.minted, mintsBefore, 'no mint');
  assert.deepEqual(steps, ['revalidated']);
});

test('loginToCometChatWhenTokenUnknownAndTheRouteAnswersTheSameThenAsksFreshOnce', async () => {
  const gate = gateClient();
  const revoked = (await gate.token()).authToken;
  const sdk = fakeCometChat({ valid: (token) => token !== revoked });
  const steps = [];

  const user = await loginToCometChat(sdk, gate, { onRecovery: (step) => steps.push(step) });

  assert.equal(user.uid, 'alice');
  assert.deepEqual(posts().map((r) => r.fresh), [false, false, true]);
  assert.equal(sdk.logins.length, 2);
  assert.equal(sdk.logins[0], revoked);
  assert.notEqual(sdk.logins[1], revoked);
  assert.equal(sdk.logins[1], route.cachedToken);
  assert.deepEqual(steps, ['fresh']);
});

test('loginToCometChatWhenTheRecoveredTokenIsRejectedTooThenThrowsWithoutLooping', async () => {
  const sdk = fakeCometChat({ valid: () => false });

  await assert.rejects(loginToCometChat(sdk, gateClient()), { code: 'AUTH_ERR_AUTH_TOKEN_NOT_FOUND' });

  assert.equal(sdk.logins.length, 2, 'one login, one retry');
  assert.deepEqual(posts().map((r) => r.fresh), [false, false, true]);
});

test('loginToCometChatWhenLoginFailsOtherwiseThenThrowsWithoutAnotherTokenRequest', async () => {
  const sdk = fakeCometChat();
  sdk.login = async (token) => {
    sdk.logins.push(token);
    throw Object.assign(new Error('offline'), { code: 'FAILED_TO_FETCH' });
  };

  await assert.rejects(loginToCometChat(sdk, gateClient()), { code: 'FAILED_TO_FETCH' });
  assert.equal(sdk.logins.length, 1);
  assert.equal(route.requests.length, 1);
});

test('logoutEverywhereWhenCalledThenLogsOutOfCometChatFirstThenDeletesOnTheRoute', async () => {
  const gate = gateClient();
  const sdk = fakeCometChat();
  await loginToCometChat(sdk, gate);

  await logoutEverywhere(sdk, gate);

  assert.deepEqual(sdk.events, ['logout with 1 route requests']);
  assert.deepEqual(route.requests.map((r) => r.method), ['POST', 'DELETE']);
  assert.equal(sdk.user, null);
});

test('logoutEverywhereWhenCometChatLogoutFailsThenStillRevokesAtTheRoute', async () => {
  const gate = gateClient();
  const sdk = fakeCometChat();
  sdk.logout = async () => { throw new Error('network down'); };

  await assert.rejects(logoutEverywhere(sdk, gate), /network down/);
  assert.deepEqual(route.requests.map((r) => r.method), ['DELETE']);
});
