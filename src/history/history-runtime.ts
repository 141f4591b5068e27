import type { VendorDatasource } from '../../datasources/vendor.js';
import type { StoreConfig } from '../config/store-config.js';
import type { Logger } from '../../core/logger.js';
import { HistoryBackedDatasource, historyFeatures } from './history-datasource.js';
import type { HistoryStore } from './history-store.js';
import { LocalLease, PostgresAdvisoryLease, type LeaderLease } from './leader-lease.js';
import { openHistoryStore } from './open-store.js';
import { alfaviewPresenceJob, alpemixReportsJob } from './sync-jobs.js';
import { SyncScheduler, type SyncJob, type SyncOutcome } from './sync-scheduler.js';

export interface HistoryRuntimeDeps {
  logger: Logger;
  now?: () => Date;
  /** Each connection's time zone where the vendor's days are local (Alpemix). */
  timezoneOf: (ds: VendorDatasource) => string;
  onOutcome?: (outcome: SyncOutcome, durationMs: number) => void;
  /** Run the syncs on their timers (default); tests drive them with `runSyncsNow` instead. */
  autoStart?: boolean;
}

/** Turns a sync failure into stored text: the error code only, never a vendor body or a credential. */
function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]{3,40}$/.test(code) ? code : 'SYNC_FAILED';
}

/**
 * History for a running meetgraph: opens the store (migrating it), wraps the connections that have
 * something to keep (Alpemix reports, alfaview presence), and runs their syncs plus retention, each on the
 * replica holding its lease.
 */
export class HistoryRuntime {
  private constructor(
    readonly store: HistoryStore,
    private readonly scheduler: SyncScheduler,
    private readonly lease: LeaderLease,
    readonly datasources: VendorDatasource[],
  ) {}

  static async start(config: StoreConfig, datasources: readonly VendorDatasource[], deps: HistoryRuntimeDeps): Promise<HistoryRuntime> {
    const store = await openHistoryStore(config.location);
    const lease: LeaderLease =
      config.location.kind === 'postgres' ? await PostgresAdvisoryLease.connect(config.location.url) : new LocalLease();
    const jobs: SyncJob[] = [];
    const wrapped = datasources.map((ds) => {
      const features = historyFeatures(ds.vendor);
      if (!features) return ds;
      if (features.reports) {
        jobs.push(alpemixReportsJob(ds, store, { timezone: deps.timezoneOf(ds), intervalMs: config.alpemixIntervalMs }));
      }
      if (features.presence) jobs.push(alfaviewPresenceJob(ds, store, { intervalMs: config.alfaviewIntervalMs }));
      return new HistoryBackedDatasource(ds, store, features);
    });
    const now = deps.now ?? (() => new Date());
    jobs.push({
      connectionId: '*',
      kind: 'retention',
      intervalMs: 60 * 60 * 1000,
      async run(at: Date) {
        await store.deleteOlderThan(new Date(at.getTime() - config.retentionDays * 24 * 60 * 60 * 1000));
        return {};
      },
    });
    const scheduler = new SyncScheduler(jobs, {
      store,
      lease,
      now,
      describeError,
      onOutcome: (outcome, durationMs) => {
        if (outcome.error)
          deps.logger.warn({ connectionId: outcome.connectionId, kind: outcome.kind, code: outcome.error }, 'history sync failed');
        deps.onOutcome?.(outcome, durationMs);
      },
    });
    if (deps.autoStart !== false) scheduler.start();
    deps.logger.info({ store: config.location.kind, jobs: jobs.length }, 'history store ready');
    return new HistoryRuntime(store, scheduler, lease, wrapped);
  }

  /** Every sync once, now, on this replica if it holds their leases (operators and tests; the timers go on). */
  runSyncsNow(): Promise<SyncOutcome[]> {
    return this.scheduler.runAll();
  }

  async close(): Promise<void> {
    await this.scheduler.stop();
    await this.lease.close();
    await this.store.close();
  }
}
