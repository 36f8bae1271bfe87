import { TestBed } from '@angular/core/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { CometGateError } from '@cometgate/client';

import { APP_SETTINGS } from '../app-settings';
import { IdentityService } from '../identity/identity.service';
import { FakeChatSdk, FakeIdentity, FakeTokenRoute, TEST_SETTINGS } from '../testing/fakes';
import { CHAT_SDK, GATEWAY_FETCH } from './chat-sdk';
import { ChatSessionService } from './chat-session.service';

describe('ChatSessionService', () => {
  let identity: FakeIdentity;
  let route: FakeTokenRoute;
  let sdk: FakeChatSdk;
  let chat: ChatSessionService;

  beforeEach(() => {
    identity = new FakeIdentity();
    route = new FakeTokenRoute();
    sdk = new FakeChatSdk();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        { provide: APP_SETTINGS, useValue: TEST_SETTINGS },
        { provide: IdentityService, useValue: identity },
        { provide: CHAT_SDK, useValue: sdk },
        { provide: GATEWAY_FETCH, useValue: route.fetch },
      ],
    });
    chat = TestBed.inject(ChatSessionService);
  });

  it('logs in as the app user with the token the route answers', async () => {
    identity.token.set('jwt-alice');

    const user = await chat.login();

    expect(user.getUid()).toBe('alice');
    expect(chat.user()?.getUid()).toBe('alice');
    expect(sdk.events).toEqual(['init', 'login alice']);
    expect(route.posts()).toBe(1);
  });

  it('ends the chat session of another user before logging in the app user', async () => {
    sdk.held = 'alice'; // left in this browser by alice
    identity.token.set('jwt-bob');

    const user = await chat.login();

    expect(user.getUid()).toBe('bob');
    expect(sdk.held).toBe('bob');
    expect(sdk.events).toEqual(['init', 'logout alice', 'login bob']);
  });

  it('keeps the SDK session of the same user without logging in again', async () => {
    sdk.held = 'alice';
    identity.token.set('jwt-alice');

    const user = await chat.login();

    expect(user.getUid()).toBe('alice');
    expect(sdk.events).toEqual(['init']);
    expect(route.posts()).toBe(1);
  });

  it('signs out of chat and at the gateway without asking for a token, then forgets the identity', async () => {
    identity.token.set('jwt-alice');
    await chat.login();

    await chat.signOut();

    expect(sdk.held).toBeNull();
    expect(route.requests.map((r) => `${r.method} ${r.uid}`)).toEqual(['POST alice', 'DELETE alice']);
    expect(route.tokens.has('alice')).toBeFalse();
    expect(identity.signedIn()).toBeFalse();
    expect(chat.user()).toBeNull();
  });

  it('gives the next user their own token after a sign-out, never the previous answer', async () => {
    identity.token.set('jwt-alice');
    await chat.login();
    await chat.signOut();
    identity.token.set('jwt-bob');

    const user = await chat.login();

    expect(user.getUid()).toBe('bob');
    expect(route.requests.map((r) => `${r.method} ${r.uid}`)).toEqual(['POST alice', 'DELETE alice', 'POST bob']);
  });

  it('keeps a 429 with when to retry, and sends nothing before it has passed', async () => {
    identity.token.set('jwt-alice');
    route.answerNext(429, 'RATE_LIMITED', { 'Retry-After': '30' });

    await expectAsync(chat.login()).toBeRejected();
    await expectAsync(chat.login()).toBeRejected();

    const error = chat.error() as CometGateError;
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(chat.retryAt()).not.toBeNull();
    expect(route.posts()).toBe(1);
    expect(sdk.held).toBeNull();
  });
});
