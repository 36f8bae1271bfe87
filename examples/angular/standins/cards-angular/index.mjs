// A stand-in for @cometchat/cards-angular, which the CometChat UI Kit for Angular 5.2.1 imports (its card message
// bubbles) but which is not published on the npm registry: without a package of that name the UI Kit can be neither
// installed by npm (a 404 on its peer dependency) nor bundled (an unresolved import). This component has the
// selector, inputs and outputs the UI Kit's templates bind, and renders a fixed note instead of the card. It is
// written as a partially compiled Angular component (what libraries ship), so the app's build links it.
import * as i0 from '@angular/core';

export class CometChatCardViewComponent {
  constructor() {
    this.cardJson = null;
    this.themeMode = null;
    this.themeOverride = null;
    this.logLevel = null;
    this.action = new i0.EventEmitter();
    this.containerStyle = new i0.EventEmitter();
  }

  static ɵfac = i0.ɵɵngDeclareFactory({ minVersion: '12.0.0', version: '20.3.0', ngImport: i0,
    type: CometChatCardViewComponent, deps: [], target: i0.ɵɵFactoryTarget.Component });

  static ɵcmp = i0.ɵɵngDeclareComponent({ minVersion: '14.0.0', version: '20.3.0', type: CometChatCardViewComponent,
    isStandalone: true, selector: 'cometchat-card-view',
    inputs: { cardJson: 'cardJson', themeMode: 'themeMode', themeOverride: 'themeOverride', logLevel: 'logLevel' },
    outputs: { action: 'action', containerStyle: 'containerStyle' }, ngImport: i0,
    template: '<span class="cometgate-card-standin">(a card message: not shown in this example)</span>' });
}
