import { allocloudModule } from '../../datasources/allocloud/index.js';
import { startAllocloudSimulator, type AllocloudSimulatorState } from '../../datasources/allocloud/simulator.js';
import { apizeeModule } from '../../datasources/apizee/index.js';
import { startApizeeSimulator, type ApizeeSimulatorState } from '../../datasources/apizee/simulator.js';
import type { RunningSimulator } from '../../datasources/simulator-kit.js';
import { startApi, type TestApi } from '../helpers/api.js';

const MEETINGS = /* GraphQL */ `
  query {
    meetings(first: 100) {
      nodes {
        id
        vendor
        title
      }
      sources {
        state
        message
        connection {
          id
          vendor
        }
        error {
          code
        }
      }
    }
  }
`;

interface Source {
  state: string;
  message: string | null;
  connection: { id: string; vendor: string };
  error: { code: string } | null;
}

/** What a client sees in `sources` when ALLOcloud or Apizee could serve only part of a list: data, not errors. */
describe('ALLOcloud and Apizee incomplete lists reach clients as PARTIAL sources', () => {
  let allo: RunningSimulator<AllocloudSimulatorState>;
  let apz: RunningSimulator<ApizeeSimulatorState>;
  let api: TestApi;

  beforeAll(async () => {
    allo = await startAllocloudSimulator({ seed: 5, rateLimit: null });
    apz = await startApizeeSimulator({ seed: 5 });
    api = await startApi({ connections: [allocloudModule.sandboxConnection(allo, 'allo'), apizeeModule.sandboxConnection(apz, 'apz')] });
  });
  afterAll(async () => {
    await api.stop();
    await allo.close();
    await apz.close();
  });

  async function sources(): Promise<{ sources: Map<string, Source>; vendors: Set<string> }> {
    const reply = await api.gql(MEETINGS);
    expect(reply.body.errors).toBeUndefined();
    const data = reply.body.data.meetings as { nodes: Array<{ vendor: string }>; sources: Source[] };
    // one connection per vendor here, so the vendor names the source
    return { sources: new Map(data.sources.map((s) => [s.connection.vendor, s])), vendors: new Set(data.nodes.map((n) => n.vendor)) };
  }

  it('both complete by default', async () => {
    const { sources: by } = await sources();
    expect(by.get('ALLOCLOUD')).toMatchObject({ state: 'COMPLETE', message: null, error: null });
    expect(by.get('APIZEE')).toMatchObject({ state: 'COMPLETE', message: null, error: null });
  });

  it('an ALLOcloud organizer list of the admin alone is PARTIAL with the reason; the meetings it has are served', async () => {
    allo.state.accountAdminOnly = true;
    try {
      const { sources: by, vendors } = await sources();
      expect(by.get('ALLOCLOUD')).toMatchObject({ state: 'PARTIAL', error: null });
      expect(by.get('ALLOCLOUD')?.message).toMatch(/only the account admin/);
      expect(vendors).toEqual(new Set(['ALLOCLOUD', 'APIZEE']));
      expect(by.get('APIZEE')?.state).toBe('COMPLETE');
    } finally {
      allo.state.accountAdminOnly = false;
    }
  });

  it('an unreadable ALLOcloud event or Apizee conference is PARTIAL, never FAILED', async () => {
    const organizer = [...allo.state.meetings.values()][0]!;
    const odd = {
      ...organizer,
      id: 'ffffffffffffffffffff0001',
      startTime: '0001-01-01T00:00:00.000Z',
      endTime: '0001-01-01T01:00:00.000Z',
    };
    allo.state.meetings.set(odd.id, odd);
    const conference = {
      ...apz.state.conferences[0]!,
      conference: { ...apz.state.conferences[0]!.conference, id: 842999, start_time: 'not a date' },
    };
    apz.state.conferences.push(conference);
    try {
      const { sources: by, vendors } = await sources();
      expect(by.get('ALLOCLOUD')).toMatchObject({ state: 'PARTIAL', error: null });
      expect(by.get('ALLOCLOUD')?.message).toMatch(/could not be read/);
      expect(by.get('APIZEE')).toMatchObject({ state: 'PARTIAL', error: null });
      expect(by.get('APIZEE')?.message).toMatch(/1 conferences that could not be read/);
      expect(vendors).toEqual(new Set(['ALLOCLOUD', 'APIZEE']));
    } finally {
      allo.state.meetings.delete(odd.id);
      apz.state.conferences.splice(apz.state.conferences.indexOf(conference), 1);
    }
  });
});
