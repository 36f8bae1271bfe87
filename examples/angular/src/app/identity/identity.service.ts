import { Injectable, computed, inject, signal } from '@angular/core';

import { APP_SETTINGS } from '../app-settings';

/** What survives the redirect to the identity provider and back: the PKCE verifier and the state. Not tokens. */
const PENDING_SIGN_IN = 'cometgate-example.pending-sign-in';

interface PendingSignIn {
  readonly verifier: string;
  readonly state: string;
  readonly returnTo: string;
}

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

/**
 * Sign-in at the identity provider with the authorization code flow and PKCE (a public client: no secret), the same
 * flow as the demo page's. The access token lives in this service's memory only: never in storage, never in the URL
 * (a reload signs the user out of the app; the identity provider's own session, if any, signs them in again).
 */
@Injectable({ providedIn: 'root' })
export class IdentityService {

  private readonly settings = inject(APP_SETTINGS).identity;

  private readonly token = signal<string | null>(null);

  private discovery: Promise<Discovery> | null = null;

  /** The JWT's subject while signed in, else null. */
  readonly subject = computed(() => {
    const token = this.token();
    return token === null ? null : (claimsOf(token)['sub'] as string | undefined) ?? null;
  });

  readonly signedIn = computed(() => this.token() !== null);

  /** The current access token, for the gateway's token route only. */
  accessToken(): string {
    const token = this.token();
    if (token === null) {
      throw new Error('Not signed in');
    }
    return token;
  }

  /** Leaves for the identity provider's login page; `returnTo` is the app's path to open after the sign-in. */
  async signIn(returnTo = '/'): Promise<void> {
    const discovery = await this.discover();
    const verifier = randomString(32);
    const state = randomString(16);
    const challenge = base64url(new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const pending: PendingSignIn = { verifier, state, returnTo };
    sessionStorage.setItem(PENDING_SIGN_IN, JSON.stringify(pending));
    const query = new URLSearchParams({ response_type: 'code', client_id: this.settings.clientId,
      scope: this.settings.scope, redirect_uri: redirectUri(), state, code_challenge: challenge,
      code_challenge_method: 'S256' });
    location.assign(`${discovery.authorization_endpoint}?${query}`);
  }

  /**
   * On the way back from the identity provider (`?code=...&state=...`): exchanges the code for the tokens and
   * answers the app path to open. Null when the URL is no such answer.
   */
  async completeSignIn(url: URL = new URL(location.href)): Promise<string | null> {
    const code = url.searchParams.get('code');
    const error = url.searchParams.get('error');
    if (code === null && error === null) {
      return null;
    }
    const pending = JSON.parse(sessionStorage.getItem(PENDING_SIGN_IN) ?? 'null') as PendingSignIn | null;
    sessionStorage.removeItem(PENDING_SIGN_IN);
    // The code is single-use: keep it out of the address bar and the history.
    history.replaceState(null, '', url.pathname);
    if (error !== null) {
      throw new Error(`The identity provider answered ${error}`);
    }
    if (pending === null || pending.state !== url.searchParams.get('state')) {
      throw new Error('The sign-in answer does not match this app\'s request (state): sign in again');
    }
    const discovery = await this.discover();
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code as string,
        client_id: this.settings.clientId, redirect_uri: redirectUri(), code_verifier: pending.verifier }),
    });
    if (!response.ok) {
      throw new Error(`The identity provider refused the code (${response.status})`);
    }
    const tokens = (await response.json()) as { access_token: string };
    this.token.set(tokens.access_token);
    return pending.returnTo;
  }

  /** Forgets the access token. (A real app also ends the identity provider's session: its end_session_endpoint.) */
  signOut(): void {
    this.token.set(null);
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= fetch(`${this.settings.issuer}/.well-known/openid-configuration`)
      .then((response) => {
        if (!response.ok) {
          throw new Error(`The identity provider's discovery answered ${response.status}`);
        }
        return response.json() as Promise<Discovery>;
      })
      .catch((error: unknown) => {
        this.discovery = null;
        throw error;
      });
    return this.discovery;
  }
}

function redirectUri(): string {
  return `${location.origin}/`;
}

function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
}

function randomString(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
