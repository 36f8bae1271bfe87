import { bootstrapApplication } from '@angular/platform-browser';

import { App } from './app/app';
import { appConfig } from './app/app.config';
import { loadAppSettings } from './app/app-settings';
import { environment } from './environments/environment';

loadAppSettings(environment)
  .then((settings) => bootstrapApplication(App, appConfig(settings)))
  .catch((error: unknown) => {
    console.error(error);
    document.body.textContent = `The app could not start: ${(error as Error).message ?? error}`;
  });
