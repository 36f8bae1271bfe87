/** The route's answer. `appId` and `region` are absent when the route is configured without app info. */
export interface CometChatToken {
  uid: string;
  authToken: string;
  appId?: string;
  region?: string;
}

export interface RateLimitPolicy {
  name: string;
  quota: number | null;
  windowSeconds: number | null;
  remaining: number | null;
  resetSeconds: number | null;
}

/** The per-user limit, parsed from `RateLimit-Policy`, `RateLimit` and `X-RateLimit-Remaining`. */
export interface RateLimit {
  /** Requests left in the tightest policy. */
  remaining: number | null;
  /** That policy's quota. */
  limit: number | null;
  /** Seconds until that policy is full again. */
  resetSeconds: number | null;
  policies: RateLimitPolicy[];
}

export declare const AUTH_TOKEN_NOT_FOUND: 'AUTH_ERR_AUTH_TOKEN_NOT_FOUND';

/** A failed call of the route; `code` is the gateway's stable error code (or `NETWORK_ERROR`, `HTTP_<status>`). */
export declare class CometGateError extends Error {
  readonly name: 'CometGateError';
  readonly code: string;
  /** HTTP status; 0 when the network failed. */
  readonly status: number;
  /** For 429 and 503 with `Retry-After`: seconds until a retry is allowed. */
  readonly retryAfterSeconds: number | null;
  /** The same as an epoch time in milliseconds. */
  readonly retryAt: number | null;
  readonly rateLimit: RateLimit | null;
}

export interface CometGateClientOptions {
  tokenUrl: string;
  /** Defaults to `cometchat-user` next to the token route. */
  userUrl?: string;
  /** The app's current access token; asked for on every request, never stored by the client. */
  getAccessToken: () => string | Promise<string>;
  /** Called once on a 401 (refresh the identity token); the request is then retried once. */
  onUnauthenticated?: () => void | Promise<void>;
  fetch?: typeof fetch;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

export interface TokenOptions {
  /** Mint a new token at the route (`?fresh=true`), replacing its cache. */
  fresh?: boolean;
  /** Ask the route again without `fresh`, instead of reusing this page's answer. */
  revalidate?: boolean;
}

export interface CometGateClient {
  /**
   * The caller's token: the page's answer while the access token is the one it was asked with, else one request
   * (concurrent calls share it).
   */
  token(options?: TokenOptions): Promise<CometChatToken>;
  /** Forgets the signed-in user: the page's answer, a request in flight, the last Retry-After and rate limit. */
  reset(): void;
  /** `DELETE` on the token route (revokes the cached token); never asks for a token; resets the client. */
  logout(): Promise<void>;
  /** `DELETE` on the user route (the user and its tokens); resets the client. */
  eraseChatUser(): Promise<void>;
  readonly rateLimit: RateLimit | null;
  /** When the last `Retry-After` ends (epoch milliseconds), or null. */
  readonly retryAt: number | null;
}

export declare function createCometGateClient(options: CometGateClientOptions): CometGateClient;

/** A CometChat user as the SDK gives it (`CometChat.User`, with `getUid()`), or a plain object with `uid`. */
export type CometChatUserLike = { getUid(): string } | { uid: string };

/**
 * The part of the CometChat SDK the helpers use: the SDK itself, or an adapter (the UI Kit's
 * `{ getLoggedinUser: () => CometChatUIKit.getLoggedinUser(), login: (t) => CometChatUIKit.loginWithAuthToken(t),
 * logout: () => CometChatUIKit.logout() }`).
 */
export interface CometChatLike<U extends CometChatUserLike = CometChatUserLike> {
  getLoggedinUser(): Promise<U | null>;
  login(authToken: string): Promise<U>;
  logout(): Promise<unknown>;
}

export interface LoginOptions {
  /**
   * The app user's CometChat UID, when the page knows it (the route's `uid`): the SDK's session of that user is
   * kept without a request, any other user's is logged out first.
   */
  uid?: string;
  /** Told how a rejected token was recovered: with the route's current token, or with a fresh one. */
  onRecovery?: (step: 'revalidated' | 'fresh') => void;
  /** Told the UID whose chat session was ended because it was not the app's user. */
  onOtherUserLoggedOut?: (uid: string) => void;
}

export declare function loginToCometChat<U extends CometChatUserLike>(CometChat: CometChatLike<U>,
  client: CometGateClient,
  options?: LoginOptions): Promise<U>;

export declare function logoutEverywhere(CometChat: Pick<CometChatLike, 'logout'>, client: CometGateClient):
  Promise<void>;

export declare function parseRateLimit(headers: { get(name: string): string | null }): RateLimit | null;

export declare function parseRetryAfter(value: string | null | undefined, nowMillis?: number): number | null;
