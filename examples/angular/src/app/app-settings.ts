import { InjectionToken } from '@angular/core';

import { AppSettings, Environment } from '../environments/app-settings';

export const APP_SETTINGS = new InjectionToken<AppSettings>('APP_SETTINGS');

/**
 * The environment's settings, replaced by those of `environment.settingsUrl` when that file is served (a deployment
 * may point one build at its own gateway). A missing file keeps the environment's values; a file that is there but
 * unreadable stops the start, rather than run against the wrong back end.
 */
export async function loadAppSettings(environment: Environment, fetchFn: typeof fetch = fetch): Promise<AppSettings> {
  const { production: _production, settingsUrl, ...settings } = environment;
  if (settingsUrl === null) {
    return settings;
  }
  const response = await fetchFn(settingsUrl, { cache: 'no-store' });
  // Absent: a 404, or a host's single-page fallback answering index.html for any path.
  if (response.status === 404 || !(response.headers.get('Content-Type') ?? '').includes('json')) {
    return settings;
  }
  if (!response.ok) {
    throw new Error(`${settingsUrl} answered ${response.status}`);
  }
  const served = (await response.json()) as Partial<AppSettings>;
  return {
    cometChat: { ...settings.cometChat, ...served.cometChat },
    tokenUrl: served.tokenUrl ?? settings.tokenUrl,
    identity: { ...settings.identity, ...served.identity },
  };
}
