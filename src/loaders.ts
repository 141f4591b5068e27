import DataLoader from 'dataloader';
import type {
  ConnectionReportRecord,
  MeetingRecord,
  MeetingSettingRecord,
  ParticipantRecord,
  RecordingRecord,
  SessionRecord,
} from '../datasources/records.js';
import type { CallContext } from '../datasources/request-memo.js';
import type { BatchResult, VendorDatasource } from '../datasources/vendor.js';
import type { ConnectionScope } from './connection-scope.js';
import { parseGlobalId, type NodeType } from './ids.js';
import { own, type OwnedRecord } from './owned.js';

/** Observes each batch a loader sends to a datasource (metrics count batch sizes). */
export type BatchObserver = (loader: string, connectionId: string, size: number) => void;

/**
 * One DataLoader per (entity, relation), created per request and keyed by global id. A batch is grouped by
 * connection and each group goes to that datasource's batch method in one call; results come back per key,
 * in key order, with an Error for a key that failed and `null` for one the vendor does not know.
 */
function groupedLoader<V>(
  name: string,
  keyType: NodeType,
  scope: ConnectionScope,
  call: (ds: VendorDatasource, nativeIds: string[]) => Promise<BatchResult<V>>,
  observe?: BatchObserver,
): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (keys) => {
      const results: Array<V | Error> = new Array(keys.length);
      const groups = new Map<string, { ds: VendorDatasource; indexes: number[]; nativeIds: string[] }>();
      keys.forEach((key, index) => {
        try {
          const { connectionId, nativeId } = parseGlobalId(key, 'id', keyType);
          const ds = scope.get(connectionId);
          const group = groups.get(connectionId) ?? { ds, indexes: [], nativeIds: [] };
          group.indexes.push(index);
          group.nativeIds.push(nativeId);
          groups.set(connectionId, group);
        } catch (error) {
          results[index] = error as Error;
        }
      });
      await Promise.all(
        [...groups.entries()].map(async ([connectionId, group]) => {
          observe?.(name, connectionId, group.nativeIds.length);
          try {
            const values = await call(group.ds, group.nativeIds);
            group.indexes.forEach((keyIndex, i) => {
              results[keyIndex] = i < values.length ? (values[i] as V | Error) : new Error(`${name}: datasource returned too few results`);
            });
          } catch (error) {
            for (const keyIndex of group.indexes) results[keyIndex] = error as Error;
          }
        }),
      );
      return results;
    },
    { maxBatchSize: 100 },
  );
}

function ownAll<T extends { nativeId: string }>(
  type: NodeType,
  ds: VendorDatasource,
  values: BatchResult<T[]>,
): BatchResult<Array<OwnedRecord<T>>> {
  return values.map((v) => (v instanceof Error ? v : v.map((r) => own(type, ds, r))));
}

function ownOne<T extends { nativeId: string }>(
  type: NodeType,
  ds: VendorDatasource,
  values: BatchResult<T | null>,
): BatchResult<OwnedRecord<T> | null> {
  return values.map((v) => (v instanceof Error || v === null ? v : own(type, ds, v)));
}

export function createLoaders(scope: ConnectionScope, ctx: CallContext, observe?: BatchObserver) {
  const by = <V>(name: string, keyType: NodeType, call: (ds: VendorDatasource, ids: string[]) => Promise<BatchResult<V>>) =>
    groupedLoader<V>(name, keyType, scope, call, observe);
  return {
    meeting: by<OwnedRecord<MeetingRecord> | null>('meeting', 'Meeting', async (ds, ids) =>
      ownOne('Meeting', ds, await ds.getMeetings(ids, ctx)),
    ),
    session: by<OwnedRecord<SessionRecord> | null>('session', 'Session', async (ds, ids) =>
      ownOne('Session', ds, await ds.getSessions(ids, ctx)),
    ),
    participant: by<OwnedRecord<ParticipantRecord> | null>('participant', 'Participant', async (ds, ids) =>
      ownOne('Participant', ds, await ds.getParticipants(ids, ctx)),
    ),
    recording: by<OwnedRecord<RecordingRecord> | null>('recording', 'Recording', async (ds, ids) =>
      ownOne('Recording', ds, await ds.getRecordings(ids, ctx)),
    ),
    connectionReport: by<OwnedRecord<ConnectionReportRecord> | null>('connectionReport', 'ConnectionReport', async (ds, ids) =>
      ownOne('ConnectionReport', ds, await ds.getConnectionReports(ids, ctx)),
    ),
    meetingSettings: by<MeetingSettingRecord[]>('meetingSettings', 'Meeting', (ds, ids) => ds.meetingSettings(ids, ctx)),
    meetingSessions: by<Array<OwnedRecord<SessionRecord>>>('meetingSessions', 'Meeting', async (ds, ids) =>
      ownAll('Session', ds, await ds.meetingSessions(ids, ctx)),
    ),
    meetingParticipants: by<Array<OwnedRecord<ParticipantRecord>>>('meetingParticipants', 'Meeting', async (ds, ids) =>
      ownAll('Participant', ds, await ds.meetingParticipants(ids, ctx)),
    ),
    meetingRecordings: by<Array<OwnedRecord<RecordingRecord>>>('meetingRecordings', 'Meeting', async (ds, ids) =>
      ownAll('Recording', ds, await ds.meetingRecordings(ids, ctx)),
    ),
    sessionParticipants: by<Array<OwnedRecord<ParticipantRecord>>>('sessionParticipants', 'Session', async (ds, ids) =>
      ownAll('Participant', ds, await ds.sessionParticipants(ids, ctx)),
    ),
    sessionRecordings: by<Array<OwnedRecord<RecordingRecord>>>('sessionRecordings', 'Session', async (ds, ids) =>
      ownAll('Recording', ds, await ds.sessionRecordings(ids, ctx)),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
