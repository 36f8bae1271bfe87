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

const gateClient = (accessToken = 'access-1') => createCometGateClient({ tokenUrl: route.tokenUrl,
  getAccessToken: () => accessToken });

/** What the SDK's getLoggedinUser() and login() resolve to: a CometChat.User, whose UID is behind getUid(). */
function sdkUser(uid) {
  return { getUid: () => uid, getName: () => uid };
}
const posts = () => route.requests.filter((r) => r.method === 'POST');

/**
 * The SDK's side, as CometChat behaves: a logged-in user survives a page reload, and a token CometChat does not
 * know is rejected with AUTH_ERR_AUTH_TOKEN_NOT_FOUND.
 */
function fakeCometChat({ loggedIn = null, valid = () => true } = {}) {
  const sdk = {
    user: loggedIn === null ? null : sdkUser(loggedIn),
    logins: [],
    events: [],
    async getLoggedinUser() {
      return sdk.user;
    },
    async login(authToken) {
      sdk.logins.push(authToken);
      sdk.events.push(`login with ${authToken.split('_')[0]}'s token`);
      if (!valid(authToken)) {
        const error = new Error('The auth token does not exist.');
        error.code = 'AUTH_ERR_AUTH_TOKEN_NOT_FOUND';
        throw error;
      }
      sdk.user = sdkUser(authToken.split('_')[0]);
      return sdk.user;
    },
    async logout() {
      sdk.events.push(`logout with ${route.requests.length} route requests`);
      sdk.user = null;
    },
    /** The SDK's User: the UID behind getUid(). */
    get uid() {
      return sdk.user === null ? null : sdk.user.getUid();
    },
  };
  return sdk;
}

test('loginToCometChatWhenTheSdkHoldsThePagesUserAndThePageKnowsItsUidThenNoRouteCallAndNoLogin', async () => {
  const sdk = fakeCometChat({ loggedIn: 'alice' });

  const user = await loginToCometChat(sdk, gateClient(), { uid: 'alice' });

  assert.equal(user.getUid(), 'alice');
  assert.equal(route.requests.length, 0);
  assert.deepEqual(sdk.events, []);
});

test('loginToCometChatWhenThePageAlreadyHasItsAnswerThenNoFurtherRouteCall', async () => {
  const gate = gateClient();
  await gate.token();
  const sdk = fakeCometChat({ loggedIn: 'alice' });

  const user = await loginToCometChat(sdk, gate);

  assert.equal(user.getUid(), 'alice');
  assert.equal(route.requests.length, 1, 'the one request made before');
  assert.deepEqual(sdk.events, []);
});

test('loginToCometChatWhenReloadedWithTheSameUsersSessionThenOneRouteCallNoMintNoLogin', async () => {
  const gate = gateClient();
  await gate.token(); // the previous page load got alice's token
  const mints = route.minted;
  const sdk = fakeCometChat({ loggedIn: 'alice' });

  const user = await loginToCometChat(sdk, gateClient()); // a new page: a new client, no answer yet

  assert.equal(user.getUid(), 'alice');
  assert.equal(route.minted, mints, 'the route answered its cache');
  assert.equal(posts().length, 2);
  assert.deepEqual(sdk.events, []);
});

test('loginToCometChatWhenTheSdkHoldsAnotherUserThenLogsItOutFirstAndLogsInTheAppsUser', async () => {
  route.acceptAccessToken('access-bob', 'bob');
  const sdk = fakeCometChat({ loggedIn: 'alice' }); // alice's chat session, left in this browser
  const endedSessions = [];

  const user = await loginToCometChat(sdk, gateClient('access-bob'),
    { onOtherUserLoggedOut: (uid) => endedSessions.push(uid) });

  assert.equal(user.getUid(), 'bob');
  assert.equal(sdk.uid, 'bob');
  assert.deepEqual(sdk.events, ['logout with 1 route requests', 'login with bob\'s token']);
  assert.deepEqual(sdk.logins, [route.cachedTokenOf('bob')]);
  assert.deepEqual(endedSessions, ['alice']);
  assert.equal(posts().length, 1);
});

test('loginToCometChatWhenTheSdkHoldsAnotherUserThanTheKnownUidThenLogsItOutBeforeAnyRouteCall', async () => {
  route.acceptAccessToken('access-bob', 'bob');
  const sdk = fakeCometChat({ loggedIn: 'alice' });

  const user = await loginToCometChat(sdk, gateClient('access-bob'), { uid: 'bob' });

  assert.equal(user.getUid(), 'bob');
  assert.deepEqual(sdk.events, ['logout with 0 route requests', 'login with bob\'s token']);
});

test('loginToCometChatWhenLoggingTheOtherUserOutFailsThenThrowsAndLogsNobodyIn', async () => {
  route.acceptAccessToken('access-bob', 'bob');
  const sdk = fakeCometChat({ loggedIn: 'alice' });
  sdk.logout = async () => { throw new Error('network down'); };

  await assert.rejects(loginToCometChat(sdk, gateClient('access-bob')), /network down/);

  assert.deepEqual(sdk.logins, []);
});

test('loginToCometChatWhenTheAppUserChangesWithoutResetThenTheNewUserGetsTheirOwnToken', async () => {
  route.acceptAccessToken('access-bob', 'bob');
  let accessToken = 'access-1';
  const gate = createCometGateClient({ tokenUrl: route.tokenUrl, getAccessToken: () => accessToken });
  const sdk = fakeCometChat();
  await loginToCometChat(sdk, gate);
  assert.equal(sdk.uid, 'alice');

  accessToken = 'access-bob'; // alice signed out of the app only; bob signed in on the same page
  const user = await loginToCometChat(sdk, gate);

  assert.equal(user.getUid(), 'bob');
  assert.deepEqual(sdk.logins, [route.cachedTokenOf('alice'), route.cachedTokenOf('bob')]);
});

test('loginToCometChatWhenNotLoggedInThenLogsInWithTheRoutesToken', async () => {
  const sdk = fakeCometChat();

  const user = await loginToCometChat(sdk, gateClient());

  assert.equal(user.getUid(), 'alice');
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

  assert.equal(user.getUid(), 'alice');
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

  assert.equal(user.getUid(), 'alice');
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

test('logoutEverywhereWhenCalledThenLogsOutOfCometChatFirstThenDeletesOnTheRouteAndForgetsTheAnswer', async () => {
  const gate = gateClient();
  const sdk = fakeCometChat();
  await loginToCometChat(sdk, gate);

  await logoutEverywhere(sdk, gate);
  await gate.token();

  assert.deepEqual(sdk.events, ['login with alice\'s token', 'logout with 1 route requests']);
  assert.deepEqual(route.requests.map((r) => r.method), ['POST', 'DELETE', 'POST'],
    'the answer of before the logout is not reused');
  assert.equal(sdk.user, null);
});

test('logoutEverywhereWhenTheUserSignsOutOnAColdStartThenNoTokenIsAskedForOrMinted', async () => {
  const gate = gateClient();
  await gate.token();
  const mints = route.minted;
  const sdk = fakeCometChat({ loggedIn: 'alice' }); // a reload: the SDK has the session, the page has nothing

  await logoutEverywhere(sdk, gateClient());

  assert.deepEqual(route.requests.map((r) => r.method), ['POST', 'DELETE']);
  assert.equal(route.minted, mints);
  assert.equal(sdk.user, null);
});

test('logoutEverywhereWhenCometChatLogoutFailsThenStillRevokesAtTheRoute', async () => {
  const gate = gateClient();
  const sdk = fakeCometChat();
  sdk.logout = async () => { throw new Error('network down'); };

  await assert.rejects(logoutEverywhere(sdk, gate), /network down/);
  assert.deepEqual(route.requests.map((r) => r.method), ['DELETE']);
});
