import { readFileSync } from 'node:fs';
import { CAPABILITIES, type Capability } from '../../datasources/capabilities.js';
import type { VendorName } from '../../datasources/records.js';
import { historyCapabilities } from '../../src/history/history-datasource.js';
import { ConnectionRegistry } from '../../datasources/registry.js';
import { silentLogger } from '../../core/logger.js';
import { startSandbox } from '../../src/sandbox.js';

/** The README's vendor coverage table is what `capabilities` says, so it cannot drift from the code. */
describe('README vendor coverage table', () => {
  it('matches every sandbox connection’s capabilities', async () => {
    const sandbox = await startSandbox({});
    try {
      const registry = ConnectionRegistry.build(sandbox.config.connections, { logger: silentLogger() });
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      // Columns in the README's order; test/unit/vendor-registry.test.ts checks they are exactly the registered vendors.
      const header = readme.split('\n').find((line) => line.startsWith('| capability |')) ?? '';
      const order = header
        .split('|')
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean)
        .slice(1);
      expect(order.length).toBeGreaterThan(0);
      const byVendor = new Map(registry.all().map((d) => [d.vendor, d.capabilities]));
      // "history": only while the history store is on (the default), from what it keeps for that vendor.
      const cell = (vendor: VendorName, capability: Capability): string => {
        if (byVendor.get(vendor)?.has(capability)) return 'yes';
        return historyCapabilities(vendor).includes(capability) ? 'history' : '—';
      };
      for (const capability of CAPABILITIES) {
        const cells = order.map((v) => cell(v as VendorName, capability));
        expect(readme).toContain(`| \`${capability}\` | ${cells.join(' | ')} |`);
      }
      await registry.close();
    } finally {
      await sandbox.close();
    }
  });
});
