import { Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CometGateError } from '@cometgate/client';

import { ChatSessionService } from '../chat/chat-session.service';
import { IdentityService } from '../identity/identity.service';
import { RetryCountdown } from './retry-countdown';

/** The gateway's and CometChat's error codes, in plain words. */
const PLAIN_WORDS: Record<string, string> = {
  RATE_LIMITED: 'You asked for chat tokens too often: wait for the countdown.',
  UPSTREAM_BUDGET_EXHAUSTED: 'The app has spent its budget of CometChat calls for the moment: wait for the countdown.',
  COMETCHAT_RATE_LIMITED: 'CometChat asked the gateway to slow down: wait for the countdown.',
  COMETCHAT_UNAVAILABLE: 'CometChat is failing or unreachable right now: try again shortly.',
  UNAUTHENTICATED: 'Your sign-in is missing or has expired: sign in again.',
  NETWORK_ERROR: 'The gateway could not be reached.',
};

/** Sign in, open the chat (the guard logs in to CometChat), sign out; and what went wrong, with its countdown. */
@Component({
  selector: 'app-start-page',
  imports: [RouterLink, RetryCountdown],
  template: `
    @if (identity.signedIn()) {
      <p>Signed in as <strong id="subject">{{ identity.subject() }}</strong>.</p>
      <div class="buttons">
        <a id="open-chat" routerLink="/chat">Open the chat</a>
        <button id="sign-out" type="button" (click)="signOut()">Sign out</button>
      </div>
    } @else {
      <p>Sign in at the identity provider (authorization code flow with PKCE); the chat then opens as you.</p>
      <button id="sign-in" type="button" (click)="signIn()">Sign in</button>
    }
    @if (problem(); as problem) {
      <p id="problem" class="status error" role="status">{{ problem.words }} ({{ problem.code }})</p>
      @if (problem.retryAt !== null) {
        <app-retry-countdown [retryAt]="problem.retryAt" />
      }
    }
  `,
})
export class StartPage {

  protected readonly identity = inject(IdentityService);

  private readonly chat = inject(ChatSessionService);

  protected readonly problem = computed(() => {
    const error = this.chat.error();
    if (error === null) {
      return null;
    }
    const code = (error as Partial<CometGateError>).code ?? 'ERROR';
    return { code, words: PLAIN_WORDS[code] ?? error.message,
      retryAt: error instanceof CometGateError ? error.retryAt : null };
  });

  protected signIn(): Promise<void> {
    return this.identity.signIn('/chat');
  }

  protected signOut(): Promise<void> {
    return this.chat.signOut();
  }
}
