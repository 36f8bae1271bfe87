import { InjectionToken } from '@angular/core';
import { CometChat } from '@cometchat/chat-sdk-javascript';
import { CometChatUIKit, UIKitSettingsBuilder } from '@cometchat/chat-uikit-angular';
import { CometChatLike } from '@cometgate/client';

import { AppSettings } from '../../environments/app-settings';
import { sendEmulatorCallsOverHttp } from './emulator-transport';

/** CometChat as the app uses it: initialize once, then the calls the CometGate client's login and logout make. */
export interface ChatSdk extends CometChatLike<CometChat.User> {
  init(settings: AppSettings['cometChat']): Promise<void>;
}

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

export const CHAT_SDK = new InjectionToken<ChatSdk>('CHAT_SDK', { providedIn: 'root', factory: () => uiKitChatSdk });

/** How the CometGate client reaches the gateway (tests replace it). */
export const GATEWAY_FETCH = new InjectionToken<typeof fetch>('GATEWAY_FETCH',
  { providedIn: 'root', factory: () => (input, init) => fetch(input, init) });
