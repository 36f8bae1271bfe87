import { TestBed } from '@angular/core/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';

import { APP_SETTINGS } from '../app-settings';
import { IdentityService } from '../identity/identity.service';
import { FakeChatSdk, FakeIdentity, FakeTokenRoute, TEST_SETTINGS } from '../testing/fakes';
import { CHAT_SDK, GATEWAY_FETCH } from './chat-sdk';
import { chatGuard } from './chat.guard';

describe('chatGuard', () => {
  let identity: FakeIdentity;
  let route: FakeTokenRoute;
  let sdk: FakeChatSdk;

  beforeEach(() => {
    identity = new FakeIdentity();
    route = new FakeTokenRoute();
    sdk = new FakeChatSdk();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        { provide: APP_SETTINGS, useValue: TEST_SETTINGS },
        { provide: IdentityService, useValue: identity },
        { provide: CHAT_SDK, useValue: sdk },
        { provide: GATEWAY_FETCH, useValue: route.fetch },
      ],
    });
  });

  const runGuard = () => TestBed.runInInjectionContext(
    () => chatGuard({} as ActivatedRouteSnapshot, { url: '/chat' } as RouterStateSnapshot)) as Promise<boolean | UrlTree>;

  const startPage = () => TestBed.inject(Router).serializeUrl(TestBed.inject(Router).createUrlTree(['/']));

  it('sends a signed-out user to the start page without asking the gateway', async () => {
    const result = await runGuard();

    expect(result instanceof UrlTree).toBeTrue();
    expect(TestBed.inject(Router).serializeUrl(result as UrlTree)).toBe(startPage());
    expect(route.requests).toEqual([]);
    expect(sdk.events).toEqual([]);
  });

  it('logs a signed-in user in to CometChat as themselves before the chat opens', async () => {
    sdk.held = 'alice';
    identity.token.set('jwt-bob');

    const result = await runGuard();

    expect(result).toBeTrue();
    expect(sdk.held).toBe('bob');
    expect(sdk.events).toEqual(['init', 'logout alice', 'login bob']);
  });

  it('sends the user back to the start page when the gateway refuses', async () => {
    identity.token.set('jwt-bob');
    route.answerNext(429, 'RATE_LIMITED', { 'Retry-After': '30' });

    const result = await runGuard();

    expect(result instanceof UrlTree).toBeTrue();
    expect(sdk.held).toBeNull();
  });
});
