// CometChat for the demo page: the SDK (served by the gateway, from npm) pointed at the embedded emulator.
//
// The SDK lets its client API host be overridden (AppSettingsBuilder.overrideClientHost), but always puts
// "https://" in front of it, and the emulator speaks plain HTTP on localhost. So, for that one host only, the
// SDK's own calls are sent over http:// (the SDK calls the global fetch). Nothing else is changed: the SDK makes its
// real login call (PUT /me with the auth token), and the emulator checks the token against the tokens it minted.
// The realtime websocket is not emulated, so the page turns it off; login does not need it.

export function chatFor(config) {
  const CometChat = window.CometChat;
  if (!CometChat) {
    return unavailable('SDK not bundled: run "npm ci --prefix demo-gateway" and rebuild (the page shows the token).');
  }
  if (!config.sdkClientHost) {
    return unavailable('chat login is shown with the embedded emulator only (the page shows the token).');
  }
  sendOverHttp(`https://${config.sdkClientHost}/`);
  let initialized = null;

  async function init(gate) {
    const answer = await gate.token();
    const settings = new CometChat.AppSettingsBuilder()
      .setRegion(answer.region)
      .overrideClientHost(config.sdkClientHost)
      .autoEstablishSocketConnection(false)
      .build();
    await CometChat.init(answer.appId, settings);
    // One browser can sign in as several demo users: a chat session left by another one is ended first.
    const current = await CometChat.getLoggedinUser();
    if (current && current.getUid() !== answer.uid) {
      await CometChat.logout();
    }
  }

  return {
    available: true,
    get initialized() {
      return initialized !== null;
    },
    sdk: () => CometChat,
    async login(loginWith, gate) {
      if (initialized === null) {
        initialized = init(gate).catch((error) => {
          initialized = null;
          throw error;
        });
      }
      await initialized;
      return loginWith(CometChat);
    },
  };
}

function unavailable(reason) {
  return { available: false, reason, initialized: false };
}

function sendOverHttp(prefix) {
  const fetchOverNetwork = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (typeof input === 'string' && input.startsWith(prefix)) {
      return fetchOverNetwork(`http://${input.slice('https://'.length)}`, init);
    }
    return fetchOverNetwork(input, init);
  };
}
