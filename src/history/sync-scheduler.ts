import type { HistoryStore, SyncKind } from './history-store.js';
import type { LeaderLease } from './leader-lease.js';

/** One background sync of one connection: what it does each run and how often. */
export interface SyncJob {
  connectionId: string;
  kind: SyncKind;
  intervalMs: number;
  /**
   * Does one idempotent step; returns the earliest time the store now covers, when it knows, whether that
   * coverage starts over after a gap, or `skipped` when it chose not to call the vendor this time.
   */
  run(now: Date): Promise<SyncStep>;
}

export interface SyncStep {
  coveredFrom?: Date | null;
  restartCoverage?: boolean;
  skipped?: boolean;
}

export interface SyncOutcome {
  connectionId: string;
  kind: SyncKind;
  ran: boolean;
  error: string | null;
}

export interface SchedulerDeps {
  store: HistoryStore;
  lease: LeaderLease;
  now?: () => Date;
  /** Turns an error into the text stored as `lastError` (codes only; never a vendor body or a credential). */
  describeError?: (error: unknown) => string;
  onOutcome?: (outcome: SyncOutcome, durationMs: number) => void;
}

/**
 * Runs each job on its interval, on whichever replica holds that job's lease; the others skip it. A job
 * never overlaps itself, and a failed run is recorded (`lastError`) without stopping later runs. Timers are
 * unref'd: the scheduler never keeps a process alive on its own.
 */
export class SyncScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<SyncOutcome>>();
  private stopped = false;

  constructor(
    private readonly jobs: readonly SyncJob[],
    private readonly deps: SchedulerDeps,
  ) {}

  private key(job: SyncJob): string {
    return `meetgraph-sync:${job.kind}:${job.connectionId}`;
  }

  start(): void {
    for (const job of this.jobs) this.schedule(job, 0);
  }

  private schedule(job: SyncJob, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      void this.runOnce(job).finally(() => this.schedule(job, job.intervalMs));
    }, delayMs);
    timer.unref();
    this.timers.set(this.key(job), timer);
  }

  /** One run of one job now, if this replica holds its lease and it is not already running. */
  runOnce(job: SyncJob): Promise<SyncOutcome> {
    const key = this.key(job);
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight;
    const run = this.execute(job, key).finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /** Every job once (tests and the first pass at start). */
  async runAll(): Promise<SyncOutcome[]> {
    return Promise.all(this.jobs.map((job) => this.runOnce(job)));
  }

  private async execute(job: SyncJob, key: string): Promise<SyncOutcome> {
    const base = { connectionId: job.connectionId, kind: job.kind };
    // A lease store that cannot be reached means "not the leader this time", never a crash.
    const leader = await this.deps.lease.tryAcquire(key).catch(() => false);
    if (!leader || this.stopped) return { ...base, ran: false, error: null };
    const now = this.deps.now?.() ?? new Date();
    const started = performance.now();
    let outcome: SyncOutcome;
    try {
      const result = await job.run(now);
      if (result.skipped) return { ...base, ran: false, error: null };
      await this.deps.store.recordSyncRun(job.connectionId, job.kind, {
        at: now,
        coveredFrom: result.coveredFrom ?? null,
        restartCoverage: result.restartCoverage,
        error: null,
      });
      outcome = { ...base, ran: true, error: null };
    } catch (error) {
      const text = this.deps.describeError?.(error) ?? 'sync failed';
      await this.deps.store.recordSyncRun(job.connectionId, job.kind, { at: now, error: text }).catch(() => undefined);
      outcome = { ...base, ran: true, error: text };
    }
    this.deps.onOutcome?.(outcome, performance.now() - started);
    return outcome;
  }

  /** Stops scheduling, waits for runs in flight, releases every lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
    await Promise.allSettled(this.jobs.map((job) => this.deps.lease.release(this.key(job))));
  }
}
