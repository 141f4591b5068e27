import { readFileSync } from 'node:fs';
import type { Capability } from '../../datasources/capabilities.js';
import { CAPABILITIES } from '../../datasources/capabilities.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { VENDOR_MODULES } from '../../datasources/modules.js';
import type { VendorName } from '../../datasources/records.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { BaseVendorDatasource, type VendorDatasource } from '../../datasources/vendor.js';
import { Vendor } from '../../schema/vendor.enum.js';
import { VENDOR_NAMES } from '../../core/connection-config.js';
import { validateConfig } from '../../src/config/validate.js';
import { silentLogger } from '../../core/logger.js';
import { SANDBOX_CONNECTION_IDS } from '../../src/sandbox.js';

/**
 * The places a vendor is registered (docs/architecture.md, "How to add a vendor") must agree. The compiler
 * enforces what it can (the Record<VendorName, …> maps, the type check below); these tests enforce the rest.
 */

/** Compile-time: the GraphQL enum's values are exactly the config's vendor names. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const ENUM_MATCHES_VENDOR_NAME: Exactly<`${Vendor}`, VendorName> = true;

/** The datasource method behind each capability; a new capability without a method here does not compile. */
const METHOD_OF: Record<Capability, keyof VendorDatasource & keyof BaseVendorDatasource> = {
  LIST_MEETINGS: 'listMeetings',
  GET_MEETING: 'getMeetings',
  CREATE_MEETING: 'createMeeting',
  UPDATE_MEETING: 'updateMeeting',
  DELETE_MEETING: 'deleteMeeting',
  START_SESSION: 'startSession',
  END_SESSION: 'endSession',
  CREATE_JOIN_LINK: 'createJoinLink',
  MEETING_SETTINGS: 'meetingSettings',
  MEETING_PARTICIPANTS: 'meetingParticipants',
  MEETING_SESSIONS: 'meetingSessions',
  MEETING_RECORDINGS: 'meetingRecordings',
  LIST_SESSIONS: 'listSessions',
  SESSION_PARTICIPANTS: 'sessionParticipants',
  SESSION_RECORDINGS: 'sessionRecordings',
  LIST_RECORDINGS: 'listRecordings',
  LIST_CONNECTION_REPORTS: 'listConnectionReports',
};

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** A datasource per vendor built from its sandbox entry; nothing is called, so no simulator is needed. */
function sandboxDatasource(vendor: VendorName): VendorDatasource {
  const module = VENDOR_MODULES[vendor];
  const unreachable = { url: 'http://127.0.0.1:9' } as RunningSimulator;
  const config = validateConfig({ connections: [module.sandboxConnection(unreachable, `${vendor}-check`)] }, {});
  const entry = config.connections[0];
  if (!entry) throw new Error(`no connection for ${vendor}`);
  return module.createDatasource(entry, { logger: silentLogger(), health: new ConnectionHealth() });
}

describe('vendor registration', () => {
  it('names the same vendors in the modules, the config, the GraphQL enum and the sandbox', () => {
    expect(ENUM_MATCHES_VENDOR_NAME).toBe(true);
    const vendors = sorted(Object.keys(VENDOR_MODULES));
    expect(sorted(VENDOR_NAMES)).toEqual(vendors);
    expect(sorted(Object.values(Vendor))).toEqual(vendors);
    expect(sorted(Object.keys(SANDBOX_CONNECTION_IDS))).toEqual(vendors);
    for (const [key, module] of Object.entries(VENDOR_MODULES)) expect([key, module.vendor]).toEqual([key, key]);
  });

  it('gives every vendor a column of the README coverage table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const header = readme.split('\n').find((line) => line.startsWith('| capability |'));
    expect(header).toBeDefined();
    const columns = (header ?? '')
      .split('|')
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean)
      .slice(1);
    expect(sorted(columns)).toEqual(sorted(Object.keys(VENDOR_MODULES)));
  });

  it.each(Object.keys(VENDOR_MODULES) as VendorName[])('%s: declares exactly the capabilities it implements', async (vendor) => {
    const ds = sandboxDatasource(vendor);
    try {
      expect(ds.vendor).toBe(vendor);
      const implemented = CAPABILITIES.filter(
        (c) => (ds as unknown as Record<string, unknown>)[METHOD_OF[c]] !== BaseVendorDatasource.prototype[METHOD_OF[c]],
      );
      // Declared but not implemented: every call would answer UNSUPPORTED_BY_VENDOR while `capabilities` promises it.
      expect(sorted([...ds.capabilities].filter((c) => !implemented.includes(c)))).toEqual([]);
      // Implemented but not declared (with the sandbox's full configuration): lists would skip the vendor as UNSUPPORTED.
      expect(sorted(implemented.filter((c) => !ds.capabilities.has(c)))).toEqual([]);
    } finally {
      await ds.close();
    }
  });
});
