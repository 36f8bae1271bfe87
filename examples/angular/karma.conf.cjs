// Karma for `ng test`: Jasmine in headless Chromium (Debian's chromium: CHROME_BIN=/usr/bin/chromium), no coverage,
// no HTML reporter. --no-sandbox because CI runs as root.
module.exports = function (config) {
  config.set({
    basePath: '',
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher')],
    reporters: ['progress'],
    browsers: ['ChromeHeadlessCI'],
    customLaunchers: {
      ChromeHeadlessCI: { base: 'ChromeHeadless', flags: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] },
    },
    singleRun: true,
    restartOnFileChange: false,
  });
};
