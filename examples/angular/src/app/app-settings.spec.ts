import { Environment } from '../environments/app-settings';
import { loadAppSettings } from './app-settings';

describe('loadAppSettings', () => {
  const environment: Environment = {
    production: true,
    settingsUrl: 'settings.json',
    cometChat: { appId: 'app', region: 'eu', emulatorClientHost: null },
    tokenUrl: 'https://api.example.com/cometchat-token',
    identity: { issuer: 'https://login.example.com', clientId: 'web', scope: 'openid' },
  };

  it('keeps the environment when no settings file is served', async () => {
    const settings = await loadAppSettings(environment, async () => new Response('', { status: 404 }));

    expect(settings.tokenUrl).toBe(environment.tokenUrl);
    expect(settings.cometChat.appId).toBe('app');
  });

  it('keeps the environment when the host answers its index page for any path', async () => {
    const settings = await loadAppSettings(environment,
      async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));

    expect(settings.tokenUrl).toBe(environment.tokenUrl);
  });

  it('takes the served values over the environment', async () => {
    const served = { tokenUrl: 'http://localhost:9000/cometchat-token', cometChat: { appId: 'other' } };
    const settings = await loadAppSettings(environment, async () => new Response(JSON.stringify(served),
      { status: 200, headers: { 'Content-Type': 'application/json' } }));

    expect(settings.tokenUrl).toBe(served.tokenUrl);
    expect(settings.cometChat).toEqual({ appId: 'other', region: 'eu', emulatorClientHost: null });
    expect(settings.identity).toEqual(environment.identity);
  });
});
