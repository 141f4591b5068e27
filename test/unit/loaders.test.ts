import type { Capability } from '../../datasources/capabilities.js';
import { ConnectionHealth } from '../../datasources/health.js';
import type { MeetingRecord, ParticipantRecord, VendorName } from '../../datasources/records.js';
import { ConnectionRegistry } from '../../datasources/registry.js';
import { newCallContext, type CallContext } from '../../datasources/request-memo.js';
import { BaseVendorDatasource, type BatchResult } from '../../datasources/vendor.js';
import { ConnectionScope } from '../../src/connection-scope.js';
import { toGlobalId } from '../../src/ids.js';
import { createLoaders, type Loaders } from '../../src/loaders.js';
import { OPEN_PRINCIPAL, type Principal } from '../../src/principal.js';

/**
 * Loader grouping, in isolation: a batch of global ids is split by connection, each connection's datasource
 * gets one call with native ids, and the answers come back in key order with per-key Errors kept as Errors.
 * The datasources here are in-memory stand-ins: this is the loader's contract, not a vendor's.
 */

function meeting(nativeId: string): MeetingRecord {
  return {
    nativeId,
    kind: 'ROOM',
    title: `room ${nativeId}`,
    description: null,
    status: 'IDLE',
    startsAt: null,
    endsAt: null,
    durationMinutes: null,
    timezone: null,
    joinUrl: null,
    createdAt: null,
    settings: [],
    raw: null,
  };
}

function participant(nativeId: string): ParticipantRecord {
  return {
    nativeId,
    displayName: nativeId,
    email: null,
    phone: null,
    role: 'PARTICIPANT',
    presence: 'ONLINE',
    joinedAt: null,
    leftAt: null,
    raw: null,
  };
}

/** Knows meetings `m*`; `bad*` fails on its own; anything else is unknown. `failWhole` makes every batch throw. */
class TableDatasource extends BaseVendorDatasource {
  readonly vendor: VendorName = 'vconnct';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['GET_MEETING', 'MEETING_PARTICIPANTS']);
  readonly calls: string[][] = [];
  failWhole: Error | null = null;
  /** Drops the last result, as a buggy vendor adapter might. */
  shortAnswer = false;

  constructor(connectionId: string) {
    super(connectionId, null, new ConnectionHealth());
  }

  override async getMeetings(ids: readonly string[], _ctx: CallContext): Promise<BatchResult<MeetingRecord | null>> {
    this.calls.push([...ids]);
    if (this.failWhole) throw this.failWhole;
    const results = ids.map((id) =>
      id.startsWith('bad') ? new Error(`no access to ${id} on ${this.connectionId}`) : id.startsWith('m') ? meeting(id) : null,
    );
    return this.shortAnswer ? results.slice(0, -1) : results;
  }

  override async meetingParticipants(ids: readonly string[], _ctx: CallContext): Promise<BatchResult<ParticipantRecord[]>> {
    this.calls.push([...ids]);
    return ids.map((id) =>
      id.startsWith('bad') ? new Error(`participants of ${id} failed`) : [participant(`${id}-p1`), participant(`${id}-p2`)],
    );
  }
}

const meetingId = (connectionId: string, nativeId: string): string => toGlobalId('Meeting', connectionId, nativeId);

describe('loader grouping', () => {
  let alfa: TableDatasource;
  let beta: TableDatasource;
  let batches: Array<{ loader: string; connectionId: string; size: number }>;

  const loadersFor = (principal: Principal = OPEN_PRINCIPAL): Loaders => {
    const scope = new ConnectionScope(ConnectionRegistry.of([alfa, beta]), principal);
    return createLoaders(scope, newCallContext('test'), (loader, connectionId, size) => batches.push({ loader, connectionId, size }));
  };

  beforeEach(() => {
    alfa = new TableDatasource('alfa');
    beta = new TableDatasource('beta');
    batches = [];
  });

  it('answers keys of interleaved connections in key order, one datasource call per connection', async () => {
    const keys = [
      meetingId('beta', 'm1'),
      meetingId('alfa', 'm2'),
      meetingId('beta', 'm3'),
      meetingId('alfa', 'm4'),
      meetingId('alfa', 'm5'),
    ];
    const results = await loadersFor().meeting.loadMany(keys);

    // Expected from the keys alone: each result is the meeting the key names, owned by the key's connection.
    expect(results.map((r) => (r instanceof Error || r === null ? r : [r.id, r.connectionId, r.nativeId, r.__typename]))).toEqual([
      [keys[0], 'beta', 'm1', 'Meeting'],
      [keys[1], 'alfa', 'm2', 'Meeting'],
      [keys[2], 'beta', 'm3', 'Meeting'],
      [keys[3], 'alfa', 'm4', 'Meeting'],
      [keys[4], 'alfa', 'm5', 'Meeting'],
    ]);
    expect(alfa.calls).toEqual([['m2', 'm4', 'm5']]);
    expect(beta.calls).toEqual([['m1', 'm3']]);
  });

  it('hands datasources the decoded native id', async () => {
    const native = 'm/with:colons and spaces%';
    const result = await loadersFor().meeting.load(meetingId('alfa', native));
    expect(alfa.calls).toEqual([[native]]);
    expect(result?.nativeId).toBe(native);
  });

  it('keeps a per-key Error as that key’s Error and leaves its neighbours alone', async () => {
    const keys = [meetingId('alfa', 'm1'), meetingId('alfa', 'bad2'), meetingId('beta', 'bad3'), meetingId('beta', 'm4')];
    const results = await loadersFor().meeting.loadMany(keys);
    expect(results[0]).toMatchObject({ nativeId: 'm1' });
    expect(results[1]).toBeInstanceOf(Error);
    expect((results[1] as Error).message).toBe('no access to bad2 on alfa');
    expect(results[2]).toBeInstanceOf(Error);
    expect((results[2] as Error).message).toBe('no access to bad3 on beta');
    expect(results[3]).toMatchObject({ nativeId: 'm4' });
  });

  it('rejects load() of a failed key rather than resolving it to null', async () => {
    await expect(loadersFor().meeting.load(meetingId('alfa', 'bad1'))).rejects.toThrow('no access to bad1 on alfa');
  });

  it('keeps per-key Errors in list-valued loaders too', async () => {
    const results = await loadersFor().meetingParticipants.loadMany([meetingId('alfa', 'm1'), meetingId('alfa', 'bad2')]);
    expect(results[0]).toEqual([
      expect.objectContaining({ id: toGlobalId('Participant', 'alfa', 'm1-p1'), connectionId: 'alfa', __typename: 'Participant' }),
      expect.objectContaining({ id: toGlobalId('Participant', 'alfa', 'm1-p2'), connectionId: 'alfa', __typename: 'Participant' }),
    ]);
    expect(results[1]).toBeInstanceOf(Error);
  });

  it('resolves an id the vendor does not know to null', async () => {
    const results = await loadersFor().meeting.loadMany([meetingId('alfa', 'unknown-1'), meetingId('alfa', 'm2')]);
    expect(results[0]).toBeNull();
    expect(results[1]).toMatchObject({ nativeId: 'm2' });
  });

  it('fails only the keys of a connection whose whole batch failed', async () => {
    beta.failWhole = new Error('beta is down');
    const results = await loadersFor().meeting.loadMany([meetingId('beta', 'm1'), meetingId('alfa', 'm2'), meetingId('beta', 'm3')]);
    expect(results[0]).toBe(beta.failWhole);
    expect(results[1]).toMatchObject({ nativeId: 'm2', connectionId: 'alfa' });
    expect(results[2]).toBe(beta.failWhole);
  });

  it('turns a missing result of a short answer into an Error, never a shifted record', async () => {
    alfa.shortAnswer = true;
    const results = await loadersFor().meeting.loadMany([meetingId('alfa', 'm1'), meetingId('alfa', 'm2')]);
    expect(results[0]).toMatchObject({ nativeId: 'm1' });
    expect(results[1]).toBeInstanceOf(Error);
  });

  it('fails malformed, foreign-type, unknown-connection and forbidden keys one by one without a vendor call for them', async () => {
    const principal: Principal = { name: 'alfa-only', connections: new Set(['alfa']) };
    const keys = [
      'not-an-id',
      toGlobalId('Session', 'alfa', 'm1'),
      meetingId('nowhere', 'm1'),
      meetingId('beta', 'm1'),
      meetingId('alfa', 'm9'),
    ];
    const results = await loadersFor(principal).meeting.loadMany(keys);
    expect(results.slice(0, 4).map((r) => (r as { code?: string }).code)).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'NOT_FOUND',
      // Not this principal's connection: the same answer as a connection that does not exist.
      'NOT_FOUND',
    ]);
    expect(results[4]).toMatchObject({ nativeId: 'm9' });
    expect(alfa.calls).toEqual([['m9']]);
    expect(beta.calls).toEqual([]);
  });

  it('splits more than maxBatchSize (100) keys into several datasource calls, still in key order', async () => {
    const natives = Array.from({ length: 250 }, (_, i) => `m${i}`);
    const keys = natives.map((n, i) => meetingId(i % 2 === 0 ? 'alfa' : 'beta', n));
    const results = await loadersFor().meeting.loadMany(keys);

    expect(results.map((r) => (r instanceof Error || r === null ? r : r.id))).toEqual(keys);
    // DataLoader cuts the key list into 100 + 100 + 50 before grouping; each chunk is split by connection.
    expect(batches.map((b) => [b.connectionId, b.size])).toEqual([
      ['alfa', 50],
      ['beta', 50],
      ['alfa', 50],
      ['beta', 50],
      ['alfa', 25],
      ['beta', 25],
    ]);
    expect(alfa.calls.flat()).toEqual(natives.filter((_, i) => i % 2 === 0));
    expect(Math.max(...[...alfa.calls, ...beta.calls].map((c) => c.length))).toBeLessThanOrEqual(100);
  });

  it('asks for each key once per request, however often it is loaded', async () => {
    const loaders = loadersFor();
    const key = meetingId('alfa', 'm1');
    await Promise.all([loaders.meeting.load(key), loaders.meeting.load(key)]);
    await loaders.meeting.load(key);
    expect(alfa.calls).toEqual([['m1']]);
  });
});
