import { Environment } from './app-settings';

/**
 * The production build (`ng build`). Replace the values with your app's; all of them are public. Never put a CometChat
 * auth key or REST API key here: the gateway mints the tokens (.ci/run checks that the bundle holds neither).
 */
export const environment: Environment = {
  production: true,
  settingsUrl: 'settings.json',
  cometChat: {
    appId: 'YOUR_COMETCHAT_APP_ID',
    region: 'us',
    emulatorClientHost: null,
  },
  tokenUrl: 'https://api.example.com/cometchat-token',
  identity: {
    issuer: 'https://login.example.com/realms/example',
    clientId: 'chat-frontend',
    scope: 'openid',
  },
};
