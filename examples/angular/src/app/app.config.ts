import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection } from '@angular/core';
import { provideRouter } from '@angular/router';

import { AppSettings } from '../environments/app-settings';
import { APP_SETTINGS } from './app-settings';
import { routes } from './app.routes';
import { CHAT_SDK } from './chat/chat-sdk';
import { ChatSessionService } from './chat/chat-session.service';
import { uiKitChatSdk } from './chat/uikit-chat-sdk';
import { IdentityService } from './identity/identity.service';

export function appConfig(settings: AppSettings): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZonelessChangeDetection(),
      { provide: APP_SETTINGS, useValue: settings },
      { provide: CHAT_SDK, useValue: uiKitChatSdk },
      provideRouter(routes),
      // Before the first navigation: CometChat is initialized (the UI Kit, no auth key), and a return from the
      // identity provider is completed, so that the router opens the page the user asked for (the chat, behind
      // its guard) as a signed-in user.
      provideAppInitializer(async () => {
        const chat = inject(ChatSessionService);
        const identity = inject(IdentityService);
        await chat.init();
        const returnTo = await identity.completeSignIn();
        if (returnTo !== null) {
          history.replaceState(null, '', returnTo);
        }
      }),
    ],
  };
}
