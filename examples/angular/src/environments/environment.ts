import { Environment } from './app-settings';

/**
 * `ng serve` against the demo gateway with its embedded development defaults (`mvn -pl demo-gateway spring-boot:run`):
 * gateway on 8080, issuer on 8081, CometChat emulator (app `demo-app`, region `us`) on 8089.
 */
export const environment: Environment = {
  production: false,
  settingsUrl: 'settings.json',
  cometChat: {
    appId: 'demo-app',
    region: 'us',
    emulatorClientHost: '127.0.0.1:8089/sdk',
  },
  tokenUrl: 'http://localhost:8080/cometchat-token',
  identity: {
    issuer: 'http://localhost:8081/demo',
    clientId: 'cometgate-angular-example',
    scope: 'openid',
  },
};
