// The CometGate demo page: sign in (authorization code + PKCE), then the token route through the browser client.
// The access token lives in this module's memory only: never in storage, never in the URL.
import { CometGateError, createCometGateClient, loginToCometChat, logoutEverywhere }
  from './vendor/cometgate/index.js';
import { chatFor } from './chat.js';

const PKCE_KEY = 'cometgate-demo.pkce'; // the PKCE verifier and state survive the redirect; they are not tokens

/** The gateway's and CometChat's error codes, in plain words. */
const PLAIN_WORDS = {
  RATE_LIMITED: 'You asked for tokens too often. The gateway allows a few a minute per user: wait for the countdown.',
  UPSTREAM_BUDGET_EXHAUSTED: 'The app has spent its budget of CometChat calls for the moment: wait for the countdown.',
  RATE_LIMITER_UNAVAILABLE: 'The gateway cannot check the rate limit (Redis is down) and is set to fail closed.',
  UNAUTHENTICATED: 'Your sign-in is missing or has expired: sign in again.',
  UID_CLAIM_MISSING: 'Your access token has no claim to make a CometChat user from.',
  USER_NOT_FOUND: 'You have no CometChat user (yet): get a token to create one.',
  METHOD_NOT_ALLOWED: 'The route does not accept this kind of request.',
  COMETCHAT_API_KEY_REJECTED: 'CometChat refused the gateway\'s REST API key: the gateway is misconfigured.',
  COMETCHAT_REQUEST_REJECTED: 'CometChat refused the request (a plan quota, say).',
  COMETCHAT_UNAVAILABLE: 'CometChat is failing or unreachable right now: try again shortly.',
  COMETCHAT_RATE_LIMITED: 'CometChat asked the gateway to slow down: wait for the countdown.',
  COMETCHAT_TIMEOUT: 'CometChat did not answer in time: try again.',
  INTERNAL_ERROR: 'The gateway failed unexpectedly.',
  NETWORK_ERROR: 'The gateway could not be reached.',
  AUTH_ERR_AUTH_TOKEN_NOT_FOUND: 'CometChat does not know this token any more (revoked or pushed out).',
};

const $ = (id) => document.getElementById(id);
let accessToken = null;
let subject = null;
let gate = null;
let chat = null;
let countdownTimer = null;

main().catch((error) => fatal(`The page could not start: ${error.message}`));

async function main() {
  const config = await (await fetch('/page/config.json', { cache: 'no-store' })).json();
  const discovery = await (await fetch(`${config.issuer}/.well-known/openid-configuration`)).json();
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    await finishSignIn(config, discovery, params);
  }
  if (accessToken === null) {
    $('signed-out').hidden = false;
    $('sign-in').addEventListener('click', () => startSignIn(config, discovery));
    return;
  }
  gate = createCometGateClient({ tokenUrl: config.tokenUrl, userUrl: config.userUrl,
    getAccessToken: () => accessToken });
  chat = chatFor(config);
  $('subject').textContent = subject;
  $('signed-in').hidden = false;
  $('get-token').addEventListener('click', () => run('Get token', () => showToken(gate.token({ revalidate: true }))));
  $('fresh-token').addEventListener('click', () => run('Fresh token', () => showToken(gate.token({ fresh: true }))));
  $('chat-login').addEventListener('click', () => run('Log in to chat', chatLogin));
  $('logout').addEventListener('click', () => run('Log out', logout));
  $('erase').addEventListener('click', () => run('Erase my chat user', erase));
  if (!chat.available) {
    $('chat-login').disabled = true;
    $('chat-status').textContent = chat.reason;
  }
}

async function startSignIn(config, discovery) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({ response_type: 'code', client_id: config.clientId, scope: 'openid',
    redirect_uri: redirectUri(), state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`${discovery.authorization_endpoint}?${query}`);
}

async function finishSignIn(config, discovery, params) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', '/'); // the code is single-use: keep it out of the address bar and history
  if (params.has('error')) {
    throw new Error(`the issuer answered ${params.get('error')}`);
  }
  if (!saved || saved.state !== params.get('state')) {
    throw new Error('the sign-in answer does not match this page\'s request (state): sign in again');
  }
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), client_id: config.clientId,
      redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  if (!response.ok) {
    throw new Error(`the issuer refused the code (${response.status})`);
  }
  const tokens = await response.json();
  accessToken = tokens.access_token;
  subject = JSON.parse(atob(accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub;
}

async function showToken(answerPromise) {
  const answer = await answerPromise;
  $('uid').textContent = answer.uid;
  $('token').textContent = mask(answer.authToken);
  return `token for ${answer.uid}: ${mask(answer.authToken)}`;
}

async function chatLogin() {
  const steps = [];
  const user = await chat.login((CometChat) => loginToCometChat(CometChat, gate,
    { onRecovery: (step) => steps.push(step) }), gate);
  const answer = await gate.token();
  $('uid').textContent = answer.uid;
  $('token').textContent = mask(answer.authToken);
  const recovered = steps.length === 0 ? ''
    : steps[0] === 'fresh' ? ' (the token was rejected, and the route\'s was the same: logged in with a fresh one)'
      : ' (the token was rejected: logged in with the route\'s current token)';
  $('chat-status').textContent = `logged in as ${user.getUid ? user.getUid() : user.uid}${recovered}`;
  return `logged in to CometChat${recovered}`;
}

async function logout() {
  if (chat.available && chat.initialized) {
    await logoutEverywhere(chat.sdk(), gate);
  }
  else {
    await gate.logout();
  }
  $('token').textContent = '–';
  $('chat-status').textContent = chat.available ? 'logged out' : chat.reason;
  return 'logged out: the token is revoked at CometChat';
}

async function erase() {
  if (chat.available && chat.initialized) {
    await chat.sdk().logout().catch(() => {});
  }
  await gate.eraseChatUser();
  $('uid').textContent = '–';
  $('token').textContent = '–';
  $('chat-status').textContent = chat.available ? 'user erased' : chat.reason;
  return 'your CometChat user and its tokens are erased';
}

async function run(label, action) {
  try {
    const done = await action();
    setStatus(`${label}: ${done}.`, false);
  }
  catch (error) {
    const code = error?.code ?? 'ERROR';
    const words = PLAIN_WORDS[code] ?? error?.message ?? String(error);
    setStatus(`${label}: ${words} (${code})`, true);
    if (error instanceof CometGateError && error.retryAt !== null) {
      startCountdown();
    }
  }
  finally {
    showLimit();
  }
}

function showLimit() {
  const limit = gate.rateLimit;
  if (!limit || limit.remaining === null) {
    return;
  }
  const windowText = limit.policies.length > 0 && limit.policies[0].windowSeconds
    ? ` (${limit.policies.map((p) => `${p.remaining} of ${p.quota} per ${duration(p.windowSeconds)}`).join(', ')})` : '';
  $('limit').textContent = `${limit.remaining} left${windowText}`;
}

function startCountdown() {
  clearInterval(countdownTimer);
  const buttons = ['get-token', 'fresh-token', 'chat-login', 'logout', 'erase'].map($);
  const tick = () => {
    const retryAt = gate.retryAt;
    if (retryAt === null) {
      clearInterval(countdownTimer);
      $('countdown').hidden = true;
      buttons.forEach((b) => { b.disabled = b.id === 'chat-login' && !chat.available; });
      return;
    }
    $('countdown').hidden = false;
    $('countdown').textContent = `Retry allowed in ${Math.ceil((retryAt - Date.now()) / 1000)} s`;
    buttons.forEach((b) => { b.disabled = true; });
  };
  tick();
  countdownTimer = setInterval(tick, 250);
}

function setStatus(text, isError) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('log').prepend(item);
}

function fatal(text) {
  $('fatal').textContent = text;
  $('fatal').hidden = false;
}

/** Enough to recognise a token (and see that a fresh one differs), not enough to use it. */
function mask(token) {
  return token.length <= 16 ? '••••' : `${token.slice(0, 8)}…${token.slice(-6)}`;
}

function duration(seconds) {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function redirectUri() {
  return `${location.origin}/`;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
