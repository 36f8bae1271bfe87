import { Routes } from '@angular/router';

import { chatGuard } from './chat/chat.guard';
import { ChatPage } from './pages/chat.page';
import { StartPage } from './pages/start.page';

export const routes: Routes = [
  { path: '', component: StartPage },
  { path: 'chat', component: ChatPage, canActivate: [chatGuard] },
  { path: '**', redirectTo: '' },
];
