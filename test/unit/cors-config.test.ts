import { configProblems, vconnctEntry } from '../helpers/config.js';
import { validateConfig } from '../../src/config/validate.js';

describe('server.cors config', () => {
  it('is off unless set, and keeps the origins with a default preflight lifetime', () => {
    expect(validateConfig({ connections: [vconnctEntry()] }, {}).server.cors).toBeNull();
    const config = validateConfig(
      { server: { cors: { origins: ['https://app.example.com', 'http://localhost:5173'] } }, connections: [vconnctEntry()] },
      {},
    );
    expect(config.server.cors).toEqual({ origins: ['https://app.example.com', 'http://localhost:5173'], maxAgeSeconds: 600 });
  });

  it('refuses origins with a path, without a scheme or empty, and unknown keys, by path', () => {
    for (const origins of [['https://app.example.com/'], ['app.example.com'], [], 'https://app.example.com']) {
      const found = configProblems({ server: { cors: { origins } }, connections: [vconnctEntry()] });
      expect(found.some((p) => p.startsWith('server.cors.origins'))).toBe(true);
    }
    const found = configProblems({ server: { cors: { origins: ['*'], credentials: true } }, connections: [vconnctEntry()] });
    expect(found.some((p) => p.startsWith('server.cors.credentials'))).toBe(true);
  });
});
