import { Component, inject } from '@angular/core';
import { Router } from '@angular/router';
import { CometChatAvatarComponent, CometChatConversationsComponent } from '@cometchat/chat-uikit-angular';

import { ChatSessionService } from '../chat/chat-session.service';

/**
 * The chat route (behind the guard): the UI Kit's components for the logged-in user. Against the CometChat
 * emulator the avatar works (it needs the user only); the conversations list asks CometChat's conversations API,
 * which the emulator does not have, and shows its error state there.
 */
@Component({
  selector: 'app-chat-page',
  imports: [CometChatAvatarComponent, CometChatConversationsComponent],
  template: `
    @if (chat.user(); as user) {
      <div class="chat-user">
        <cometchat-avatar [name]="user.getName()" [image]="user.getAvatar()" />
        <p id="chat-status">Logged in to CometChat as <strong id="chat-uid">{{ user.getUid() }}</strong></p>
        <button id="chat-sign-out" type="button" (click)="signOut()">Sign out</button>
      </div>
      <div class="conversations">
        <cometchat-conversations />
      </div>
    }
  `,
})
export class ChatPage {

  protected readonly chat = inject(ChatSessionService);

  private readonly router = inject(Router);

  protected async signOut(): Promise<void> {
    await this.chat.signOut();
    await this.router.navigateByUrl('/');
  }
}
