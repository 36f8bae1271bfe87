import { Injectable, inject, signal } from '@angular/core';
import type { CometChat } from '@cometchat/chat-sdk-javascript';
import { CometGateClient, createCometGateClient, loginToCometChat, logoutEverywhere } from '@cometgate/client';

import { APP_SETTINGS } from '../app-settings';
import { IdentityService } from '../identity/identity.service';
import { CHAT_SDK, GATEWAY_FETCH } from './chat-sdk';

/**
 * The app user's CometChat session, through the gateway's token route: never another user's. On login, a chat
 * session the SDK still holds for someone else (a shared browser, a sign-out elsewhere that did not end it) is ended
 * first; on sign-out the chat session ends, the gateway revokes the token, and the client forgets everything.
 */
@Injectable({ providedIn: 'root' })
export class ChatSessionService {

  private readonly settings = inject(APP_SETTINGS);

  private readonly identity = inject(IdentityService);

  private readonly sdk = inject(CHAT_SDK);

  private readonly gate: CometGateClient = createCometGateClient({
    tokenUrl: this.settings.tokenUrl,
    getAccessToken: () => this.identity.accessToken(),
    fetch: inject(GATEWAY_FETCH),
  });

  private initialized: Promise<void> | null = null;

  private readonly currentUser = signal<CometChat.User | null>(null);

  private readonly lastError = signal<Error | null>(null);

  /** The CometChat user logged in for the app's user, or null. */
  readonly user = this.currentUser.asReadonly();

  /** The last failure; a `CometGateError` has the gateway's `code` and, for 429 and 503, `retryAt`. */
  readonly error = this.lastError.asReadonly();

  /** CometChat's initialization (the app initializer runs it once; a failure is retried on the next call). */
  init(): Promise<void> {
    this.initialized ??= this.sdk.init(this.settings.cometChat).catch((error: unknown) => {
      this.initialized = null;
      throw error;
    });
    return this.initialized;
  }

  /** Logs the app's user in to CometChat (see `loginToCometChat`); the guard calls it before the chat route. */
  async login(): Promise<CometChat.User> {
    try {
      await this.init();
      const user = await loginToCometChat(this.sdk, this.gate);
      this.currentUser.set(user);
      this.lastError.set(null);
      return user;
    }
    catch (error) {
      this.currentUser.set(null);
      this.lastError.set(error as Error);
      throw error;
    }
  }

  /**
   * Signs out: CometChat's session ends on this device, the gateway revokes the token (with the access token, so
   * before the identity is forgotten), the client forgets the answer and any countdown, and the identity is
   * forgotten. No token is asked for on the way. The identity is forgotten even when a step fails.
   */
  async signOut(): Promise<void> {
    try {
      await this.init();
      if (this.identity.signedIn()) {
        const held = await this.sdk.getLoggedinUser();
        await (held === null ? this.gate.logout() : logoutEverywhere(this.sdk, this.gate));
      }
      else if (await this.sdk.getLoggedinUser()) {
        await this.sdk.logout();
      }
      this.lastError.set(null);
    }
    catch (error) {
      this.lastError.set(error as Error);
    }
    finally {
      this.gate.reset();
      this.currentUser.set(null);
      this.identity.signOut();
    }
  }

  /** When a retry is allowed after the last 429/503 (epoch milliseconds), or null. */
  retryAt(): number | null {
    return this.gate.retryAt;
  }
}
