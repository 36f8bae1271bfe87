/**
 * Development against the CometChat emulator only (`emulatorClientHost` set; never with a real CometChat app).
 *
 * The SDK lets its client API host be overridden (`overrideClientHost`, the UI Kit's `setClientHost`) but always
 * puts `https://` in front of it, and the emulator speaks plain HTTP on localhost. So, for that one host only, the
 * SDK's own requests (it calls the global fetch) are sent over `http://`. Nothing else changes: the SDK makes its
 * real login call (`PUT /me` with the auth token), and the emulator checks the token against those it minted.
 */
export function sendEmulatorCallsOverHttp(clientHost: string): void {
  const prefix = `https://${clientHost}/`;
  const fetchOverNetwork = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (typeof input === 'string' && input.startsWith(prefix)) {
      return fetchOverNetwork(`http://${input.slice('https://'.length)}`, init);
    }
    return fetchOverNetwork(input, init);
  };
}
