import { EventEmitter } from '@angular/core';

/** The stand-in for the card renderer the UI Kit 5.2.1 imports; it shows a card's fallback text only. */
export declare class CometChatCardViewComponent {
  cardJson: unknown;
  themeMode: unknown;
  themeOverride: unknown;
  logLevel: unknown;
  readonly action: EventEmitter<unknown>;
  readonly containerStyle: EventEmitter<unknown>;
}
