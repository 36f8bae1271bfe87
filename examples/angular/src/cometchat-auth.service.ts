import { EnvironmentProviders, Injectable, InjectionToken, NgZone, inject, makeEnvironmentProviders, signal }
  from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { CometChat } from '@cometchat/chat-sdk-javascript';
import { Observable } from 'rxjs';

import {
  CometGateClient,
  CometGateError,
  createCometGateClient,
  loginToCometChat,
  logoutEverywhere,
} from '../../../clients/js/src/index.js';

/** What the service needs from the app: where the route is, and the app's own access token. */
export interface CometChatAuthConfig {
  /** The token route, e.g. `/cometchat-token` or `https://api.example.com/cometchat-token`. */
  tokenUrl: string;
  /** The user route; defaults to `cometchat-user` next to the token route. */
  userUrl?: string;
  /** The app's current access token (from its OIDC library); asked for on every call, never stored. */
  getAccessToken: () => string | Promise<string>;
  /** Called once on a 401 from the route, to refresh the access token; the call is then retried once. */
  onUnauthenticated?: () => void | Promise<void>;
  /** Where the app id and region from the route's answer are remembered, so a reload needs no token request. */
  storage?: Storage;
}

export const COMETCHAT_AUTH_CONFIG = new InjectionToken<CometChatAuthConfig>('COMETCHAT_AUTH_CONFIG');

/** `providers: [provideCometChatAuth({ tokenUrl: '/cometchat-token', getAccessToken: () => ... })]` */
export function provideCometChatAuth(config: CometChatAuthConfig): EnvironmentProviders {
  return makeEnvironmentProviders([{ provide: COMETCHAT_AUTH_CONFIG, useValue: config }]);
}

/** The app id and region are public (every frontend bundle has them); remembering them saves a request. */
const APP_KEY = 'cometgate.cometchat-app';

interface CometChatApp {
  appId: string;
  region: string;
}

/**
 * CometChat login for an Angular app, on the CometGate browser client: no HTTP interceptor (the client sends the
 * access token to the token route only, never to other requests), the SDK run outside Angular's zone so its timers
 * and sockets do not trigger change detection, and the chat user as a signal (`user`) and an observable (`user$`).
 *
 * Call `login()` after the app's own login and `logout()` from the app's own logout.
 */
@Injectable({ providedIn: 'root' })
export class CometChatAuthService {

  private readonly config = inject(COMETCHAT_AUTH_CONFIG);

  private readonly zone = inject(NgZone);

  private readonly gate: CometGateClient = createCometGateClient({
    tokenUrl: this.config.tokenUrl,
    userUrl: this.config.userUrl,
    getAccessToken: this.config.getAccessToken,
    onUnauthenticated: this.config.onUnauthenticated,
  });

  private readonly currentUser = signal<CometChat.User | null>(null);

  private readonly lastError = signal<CometGateError | Error | null>(null);

  private initialized: Promise<void> | null = null;

  /** The logged-in CometChat user, or null. */
  readonly user = this.currentUser.asReadonly();

  /** The same, as an observable (for templates with `async`, or rxjs pipelines). */
  readonly user$: Observable<CometChat.User | null> = toObservable(this.currentUser);

  /** The last failure: a `CometGateError` carries the gateway's `code` and, for 429/503, `retryAfterSeconds`. */
  readonly error = this.lastError.asReadonly();

  /** The per-user limit as of the route's last answer. */
  rateLimit() {
    return this.gate.rateLimit;
  }

  /**
   * Logs in to CometChat as the app's signed-in user. On a reload with a CometChat session this makes no request
   * to the route; a token CometChat no longer knows is recovered once (see `loginToCometChat`).
   */
  async login(): Promise<CometChat.User> {
    try {
      await this.init();
      const user = await this.zone.runOutsideAngular(() => loginToCometChat(CometChat, this.gate));
      this.currentUser.set(user);
      this.lastError.set(null);
      return user;
    }
    catch (error) {
      this.lastError.set(error as Error);
      throw error;
    }
  }

  /** Logs out of CometChat, then at the gateway, which revokes the token. */
  async logout(): Promise<void> {
    try {
      await this.init();
      await this.zone.runOutsideAngular(() => logoutEverywhere(CometChat, this.gate));
    }
    finally {
      this.currentUser.set(null);
    }
  }

  /** Erases the user's CometChat account (the user and its tokens) after logging out of the SDK. */
  async eraseChatUser(): Promise<void> {
    await this.init();
    await this.zone.runOutsideAngular(() => CometChat.logout());
    this.currentUser.set(null);
    await this.gate.eraseChatUser();
  }

  private init(): Promise<void> {
    if (this.initialized === null) {
      this.initialized = this.initOnce().catch((error: unknown) => {
        this.initialized = null;
        throw error;
      });
    }
    return this.initialized;
  }

  private async initOnce(): Promise<void> {
    const app = this.rememberedApp() ?? (await this.appFromRoute());
    const settings = new CometChat.AppSettingsBuilder()
      .setRegion(app.region)
      .subscribePresenceForAllUsers()
      .autoEstablishSocketConnection(true)
      .build();
    await this.zone.runOutsideAngular(() => CometChat.init(app.appId, settings));
  }

  private async appFromRoute(): Promise<CometChatApp> {
    const answer = await this.gate.token();
    if (!answer.appId || !answer.region) {
      throw new Error('The token route answers without appId and region: set '
        + 'cometchat.token-response.include-app-info=true at the gateway.');
    }
    const app = { appId: answer.appId, region: answer.region };
    this.storage()?.setItem(APP_KEY, JSON.stringify(app));
    return app;
  }

  private rememberedApp(): CometChatApp | null {
    const raw = this.storage()?.getItem(APP_KEY);
    if (!raw) {
      return null;
    }
    try {
      const app = JSON.parse(raw) as Partial<CometChatApp>;
      return typeof app.appId === 'string' && typeof app.region === 'string'
        ? { appId: app.appId, region: app.region } : null;
    }
    catch {
      return null;
    }
  }

  private storage(): Storage | undefined {
    return this.config.storage ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
  }
}
