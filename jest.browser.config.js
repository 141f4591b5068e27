/**
 * Browser tests (`npm run test:browser`): a real Chromium (Debian's /usr/bin/chromium, never a downloaded
 * one) driven by playwright-core against meetgraph in sandbox mode. Kept out of `npm test`, whose
 * testMatch only picks up *.test.ts.
 */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser.ts'],
  testTimeout: 120000,
};
