import type { CometChat } from '@cometchat/chat-sdk-javascript';
import { CometChatUIKit, UIKitSettingsBuilder } from '@cometchat/chat-uikit-angular';

import { ChatSdk } from './chat-sdk';
import { sendEmulatorCallsOverHttp } from './emulator-transport';

/**
 * The UI Kit: initialized with `UIKitSettingsBuilder` and no auth key (the app never logs in by UID; the gateway
 * mints the token), logged in with `loginWithAuthToken`, so that its components know the user. The SDK is the UI
 * Kit's own peer dependency: one copy in the app.
 */
export const uiKitChatSdk: ChatSdk = {
  async init(settings) {
    const builder = new UIKitSettingsBuilder()
      .setAppId(settings.appId)
      .setRegion(settings.region)
      .subscribePresenceForAllUsers();
    if (settings.emulatorClientHost !== null) {
      // The emulator has no realtime websocket; login does not need one.
      builder.setClientHost(settings.emulatorClientHost).setAutoEstablishSocketConnection(false);
      sendEmulatorCallsOverHttp(settings.emulatorClientHost);
    }
    await CometChatUIKit.init(builder.build());
  },
  getLoggedinUser: () => CometChatUIKit.getLoggedinUser() as Promise<CometChat.User | null>,
  login: (authToken) => CometChatUIKit.loginWithAuthToken(authToken) as Promise<CometChat.User>,
  logout: () => CometChatUIKit.logout(),
};

