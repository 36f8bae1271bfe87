import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { IdentityService } from '../identity/identity.service';
import { ChatSessionService } from './chat-session.service';

/**
 * Before the chat route: the user must be signed in (else back to the start page), and is then logged in to
 * CometChat through the gateway as themselves. A failure (a 429 with its countdown, the gateway down) leads back to
 * the start page, which shows it.
 */
export const chatGuard: CanActivateFn = async () => {
  // inject() before the first await: the injection context ends there.
  const identity = inject(IdentityService);
  const chat = inject(ChatSessionService);
  const router = inject(Router);
  if (!identity.signedIn()) {
    return router.createUrlTree(['/']);
  }
  try {
    await chat.login();
    return true;
  }
  catch {
    return router.createUrlTree(['/']);
  }
};
