import type { Express } from 'express';
import type { ConnectionRegistry } from '../datasources/registry.js';
import { readiness } from './connection-state.js';
import type { MeetgraphMetrics } from './metrics.js';

/**
 * `GET /metrics` (Prometheus text format) and `GET /ready` (each connection's last state; 503 only when
 * every connection's last outcome was a failure, see `readiness`). `/health` stays pure liveness.
 */
export function mountObservabilityRoutes(app: Express, deps: { metrics: MeetgraphMetrics; registry: ConnectionRegistry }): void {
  app.get('/metrics', async (_req, res, next) => {
    try {
      const body = await deps.metrics.registry.metrics();
      res.setHeader('content-type', deps.metrics.registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(body);
    } catch (error) {
      next(error);
    }
  });

  app.get('/ready', (_req, res) => {
    const { ready, connections } = readiness(deps.registry);
    res.setHeader('cache-control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', connections });
  });
}
