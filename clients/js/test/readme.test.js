// The README's example, run as written: only its SDK import is swapped for a stand-in (the SDK is not a dependency
// of the client), and the global fetch sends its requests for https://api.example.com to a local route.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { startRouteServer } from './support/route-server.js';

const SDK_IMPORT = "import { CometChat } from '@cometchat/chat-sdk-javascript';";
const here = fileURLToPath(new URL('.', import.meta.url));
const example = readFileSync(new URL('../README.md', import.meta.url), 'utf8').match(/```js\n([\s\S]*?)```/)[1];
// Inside the package, so that its own name (@cometgate/client) resolves to it, as it does for an app.
const file = `${here}.readme-example.mjs`;

after(() => rmSync(file, { force: true }));

test('readmeExampleWhenRunThenLogsTheAppsUserInAndOutAndRevokesAtTheRoute', async () => {
  assert.ok(example.includes(SDK_IMPORT), 'the example imports the SDK as an app does');
  const route = await startRouteServer();
  const realFetch = globalThis.fetch;
  const events = [];
  globalThis.fetch = (url, init) => realFetch(String(url).replace('https://api.example.com', new URL(route.tokenUrl).origin), init);
  globalThis.auth = { accessToken: 'access-1', refresh: async () => {} };
  globalThis.APP_ID = 'demo-app';
  globalThis.REGION = 'us';
  let held = 'bob'; // another user's session, left in this browser
  globalThis.readmeSdk = {
    AppSettingsBuilder: class { setRegion(region) { events.push(`region ${region}`); return this; } build() { return {}; } },
    init: async (appId) => { events.push(`init ${appId}`); },
    getLoggedinUser: async () => (held === null ? null : { getUid: () => held }),
    login: async (token) => { held = token.split('_')[0]; events.push(`login ${held}`); return { getUid: () => held }; },
    logout: async () => { events.push(`logout ${held}`); held = null; },
  };
  try {
    writeFileSync(file, example.replace(SDK_IMPORT, 'const CometChat = globalThis.readmeSdk;'));
    await import(file);
  }
  finally {
    globalThis.fetch = realFetch;
    await route.close();
  }

  assert.deepEqual(events, ['region us', 'init demo-app', 'logout bob', 'login alice', 'logout alice']);
  assert.deepEqual(route.requests.map((r) => r.method), ['POST', 'DELETE']);
});
