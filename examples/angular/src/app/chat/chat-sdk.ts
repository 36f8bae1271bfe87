import { InjectionToken } from '@angular/core';
import type { CometChat } from '@cometchat/chat-sdk-javascript';
import { CometChatLike } from '@cometgate/client';

import { AppSettings } from '../../environments/app-settings';

/** CometChat as the app uses it: initialize once, then the calls the CometGate client's login and logout make. */
export interface ChatSdk extends CometChatLike<CometChat.User> {
  init(settings: AppSettings['cometChat']): Promise<void>;
}

/** The app provides the UI Kit (`uiKitChatSdk`); tests provide a stand-in, and do not bundle the UI Kit. */
export const CHAT_SDK = new InjectionToken<ChatSdk>('CHAT_SDK');

/** How the CometGate client reaches the gateway (tests replace it). */
export const GATEWAY_FETCH = new InjectionToken<typeof fetch>('GATEWAY_FETCH',
  { providedIn: 'root', factory: () => (input, init) => fetch(input, init) });
