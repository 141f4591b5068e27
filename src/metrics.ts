import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncOutcome } from './history/sync-scheduler.js';
import type { UpstreamObserver } from '../datasources/http.js';
import type { ConnectionRegistry } from '../datasources/registry.js';
import { connectionState } from './connection-state.js';
import type { BatchObserver } from './loaders.js';

export type GraphqlOutcome = 'success' | 'partial' | 'error';

/** Distinct operation names kept as label values; beyond that they count under `other` (names come from clients). */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * The Prometheus metrics of one meetgraph server, in a registry of its own (never prom-client's global one,
 * so several servers in one process, as in tests, do not collide). Label values are only operation names,
 * connection ids, vendor names, loader names and HTTP statuses: never meeting ids, tokens or URLs.
 */
export class MeetgraphMetrics {
  readonly registry = new Registry();
  private connections: ConnectionRegistry | null = null;
  private readonly operations = new Set<string>();
  private readonly graphqlRequests: Counter<'operation' | 'outcome'>;
  private readonly graphqlDuration: Histogram<'operation'>;
  // Labelled children kept per label set (bounded by the operation labels): prom-client hashes the label
  // object on every observation otherwise, a visible share of a small request's CPU.
  private readonly requestCounters = new Map<string, { inc(): void }>();
  private readonly durationHistograms = new Map<string, { observe(value: number): void }>();
  // The same per vendor call (labels: connection, operation and status, all from config and code, so bounded).
  private readonly upstreamCounters = new Map<string, { inc(): void }>();
  private readonly upstreamTimers = new Map<string, { observe(value: number): void }>();
  private readonly upstreamCalls: Counter<'vendor' | 'connection' | 'operation' | 'status'>;
  private readonly upstreamDuration: Histogram<'vendor' | 'connection' | 'operation'>;
  private readonly loaderBatchSize: Histogram<'loader'>;
  private readonly historySyncRuns: Counter<'connection' | 'kind' | 'outcome'>;
  private readonly historySyncDuration: Histogram<'kind'>;

  private processMetrics = false;

  constructor() {
    const registers = [this.registry];
    this.graphqlRequests = new Counter({
      name: 'meetgraph_graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (success, partial: data with errors, error: no data).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'meetgraph_graphql_request_duration_seconds',
      help: 'GraphQL request duration, from request start to response, by operation name.',
      labelNames: ['operation'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.upstreamCalls = new Counter({
      name: 'meetgraph_upstream_calls_total',
      help: 'HTTP calls to vendors by vendor, connection, vendor operation and HTTP status ("error" when no response).',
      labelNames: ['vendor', 'connection', 'operation', 'status'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: 'meetgraph_upstream_call_duration_seconds',
      help: 'HTTP call duration to vendors by vendor, connection and vendor operation.',
      labelNames: ['vendor', 'connection', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.loaderBatchSize = new Histogram({
      name: 'meetgraph_loader_batch_size',
      help: 'Keys per batch a DataLoader sends to one datasource, by loader.',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers,
    });
    this.historySyncRuns = new Counter({
      name: 'meetgraph_history_sync_runs_total',
      help: 'History sync runs that called the vendor, by connection, kind (alpemix-reports, alfaview-presence, retention) and outcome.',
      labelNames: ['connection', 'kind', 'outcome'],
      registers,
    });
    this.historySyncDuration = new Histogram({
      name: 'meetgraph_history_sync_duration_seconds',
      help: 'Duration of history sync runs, by kind.',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const metrics = this;
    new Gauge({
      name: 'meetgraph_circuit_open',
      help: '1 while the circuit breaker of a connection is open.',
      labelNames: ['connection'],
      registers,
      collect() {
        this.reset();
        for (const ds of metrics.connections?.all() ?? [])
          this.set({ connection: ds.connectionId }, ds.health.snapshot().circuitOpen ? 1 : 0);
      },
    });
    new Gauge({
      name: 'meetgraph_connection_up',
      help: '0 when the last outcome of a connection was a failure, else 1 (including before any call).',
      labelNames: ['connection'],
      registers,
      collect() {
        this.reset();
        for (const ds of metrics.connections?.all() ?? [])
          this.set({ connection: ds.connectionId }, connectionState(ds.health.snapshot()) === 'down' ? 0 : 1);
      },
    });
  }

  /**
   * The registry for a scrape. prom-client's process and Node.js metrics (CPU, memory, event-loop lag, GC) are
   * registered at the first scrape, not at start: their event-loop monitor wakes the process 100 times a second
   * (10 ms sampling), so a server nobody scrapes stays idle at ≈ 0 CPU. Once scraped, lag is sampled every 100 ms.
   */
  forScrape(): Registry {
    if (!this.processMetrics) {
      this.processMetrics = true;
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    }
    return this.registry;
  }

  /** The connections the per-connection gauges read at scrape time. */
  watchConnections(registry: ConnectionRegistry): void {
    this.connections = registry;
  }

  /** For `ConnectionRegistry.build(..., { observer })`: every upstream call the shared HTTP client makes. */
  readonly upstreamObserver: UpstreamObserver = (call) => {
    const operationKey = `${call.vendor}\u0000${call.connectionId}\u0000${call.operation}`;
    const statusKey = `${operationKey}\u0000${call.status}`;
    let counter = this.upstreamCounters.get(statusKey);
    if (!counter) {
      const labels = { vendor: call.vendor, connection: call.connectionId, operation: call.operation, status: String(call.status) };
      this.upstreamCounters.set(statusKey, (counter = this.upstreamCalls.labels(labels)));
    }
    counter.inc();
    let timer = this.upstreamTimers.get(operationKey);
    if (!timer) {
      const labels = { vendor: call.vendor, connection: call.connectionId, operation: call.operation };
      this.upstreamTimers.set(operationKey, (timer = this.upstreamDuration.labels(labels)));
    }
    timer.observe(call.durationMs / 1000);
  };

  /** For the history runtime: each sync run this replica carried out (runs skipped for another replica are not counted). */
  readonly historyObserver = (outcome: SyncOutcome, durationMs: number): void => {
    if (!outcome.ran) return;
    this.historySyncRuns.inc({ connection: outcome.connectionId, kind: outcome.kind, outcome: outcome.error ? 'failed' : 'ok' });
    this.historySyncDuration.observe({ kind: outcome.kind }, durationMs / 1000);
  };

  /** For `ContextDeps.observeBatch`: the size of each batch a loader sends to one datasource. */
  readonly batchObserver: BatchObserver = (loader, _connectionId, size) => {
    this.loaderBatchSize.observe({ loader }, size);
  };

  observeGraphqlRequest(operationName: string | null | undefined, outcome: GraphqlOutcome, seconds?: number): void {
    const operation = this.operationLabel(operationName);
    const key = `${operation}\u0000${outcome}`;
    let counter = this.requestCounters.get(key);
    if (!counter) this.requestCounters.set(key, (counter = this.graphqlRequests.labels({ operation, outcome })));
    counter.inc();
    if (seconds === undefined) return;
    let timer = this.durationHistograms.get(operation);
    if (!timer) this.durationHistograms.set(operation, (timer = this.graphqlDuration.labels({ operation })));
    timer.observe(seconds);
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }
}
