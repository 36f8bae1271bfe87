/**
 * Everything the app needs to know about its back ends. All of it is public: it ships in the bundle. There is no
 * CometChat auth key and no REST API key here, and there must never be one: the gateway mints the auth tokens.
 */
export interface AppSettings {
  /** The CometChat app: its id and region (public, as in every CometChat frontend). */
  readonly cometChat: {
    readonly appId: string;
    readonly region: string;
    /**
     * Development only: the CometChat emulator's client API (`host:port/sdk`), which speaks plain HTTP. Null for a
     * real CometChat app.
     */
    readonly emulatorClientHost: string | null;
  };
  /** The gateway's token route (POST: a token for the caller's JWT; DELETE: revoke it). */
  readonly tokenUrl: string;
  /** The identity provider: authorization code flow with PKCE, a public client (no secret). */
  readonly identity: {
    readonly issuer: string;
    readonly clientId: string;
    readonly scope: string;
  };
}

export interface Environment extends AppSettings {
  readonly production: boolean;
  /**
   * A JSON file served next to `index.html` whose values replace these at start-up, when it is there: one build can
   * then be deployed against several gateways (the browser test points the production build at its own ports).
   * Null: the values here are final.
   */
  readonly settingsUrl: string | null;
}
