import { computed, signal } from '@angular/core';
import type { CometChat } from '@cometchat/chat-sdk-javascript';

import { AppSettings } from '../../environments/app-settings';
import { ChatSdk } from '../chat/chat-sdk';

export const TEST_SETTINGS: AppSettings = {
  cometChat: { appId: 'demo-app', region: 'us', emulatorClientHost: null },
  tokenUrl: 'https://gateway.test/cometchat-token',
  identity: { issuer: 'https://issuer.test/demo', clientId: 'test', scope: 'openid' },
};

/** The identity service's surface the chat code uses, with the signed-in user's access token in memory. */
export class FakeIdentity {
  readonly token = signal<string | null>(null);
  readonly signedIn = computed(() => this.token() !== null);
  accessToken(): string {
    const token = this.token();
    if (token === null) {
      throw new Error('Not signed in');
    }
    return token;
  }
  signOut(): void {
    this.token.set(null);
  }
}

/**
 * The gateway's token route, as fetch sees it: the access token `jwt-<uid>` is the user `uid`; POST answers the
 * user's token (minting one when there is none), DELETE revokes it. `answerNext` scripts an error answer.
 */
export class FakeTokenRoute {
  readonly requests: { method: string; uid: string }[] = [];
  readonly tokens = new Map<string, string>();
  private minted = 0;
  private readonly scripted: { status: number; body: unknown; headers: Record<string, string> }[] = [];

  readonly fetch = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    const authorization = new Headers(init?.headers).get('Authorization') ?? '';
    const uid = authorization.replace(/^Bearer jwt-/, '');
    this.requests.push({ method, uid });
    const next = this.scripted.shift();
    if (next) {
      return new Response(JSON.stringify(next.body), { status: next.status,
        headers: { 'Content-Type': 'application/json', ...next.headers } });
    }
    if (method === 'DELETE') {
      this.tokens.delete(uid);
      return new Response(null, { status: 204 });
    }
    if (!this.tokens.has(uid)) {
      this.minted += 1;
      this.tokens.set(uid, `${uid}_1795000000${String(this.minted).padStart(30, '0')}`);
    }
    return new Response(JSON.stringify({ uid, authToken: this.tokens.get(uid) }),
      { status: 200, headers: { 'Content-Type': 'application/json' } });
  };

  answerNext(status: number, code: string, headers: Record<string, string> = {}): void {
    this.scripted.push({ status, body: { error: { code, message: code } }, headers });
  }

  posts(): number {
    return this.requests.filter((r) => r.method === 'POST').length;
  }
}

/** CometChat as the UI Kit wraps it: a session that survives reloads, a login by auth token. */
export class FakeChatSdk implements ChatSdk {
  held: string | null = null;
  readonly events: string[] = [];

  async init(): Promise<void> {
    this.events.push('init');
  }

  async getLoggedinUser(): Promise<CometChat.User | null> {
    return this.held === null ? null : user(this.held);
  }

  async login(authToken: string): Promise<CometChat.User> {
    const uid = authToken.split('_')[0];
    this.events.push(`login ${uid}`);
    this.held = uid;
    return user(uid);
  }

  async logout(): Promise<unknown> {
    this.events.push(`logout ${this.held}`);
    this.held = null;
    return {};
  }
}

function user(uid: string): CometChat.User {
  return { getUid: () => uid, getName: () => uid, getAvatar: () => undefined } as unknown as CometChat.User;
}
