import type { Express } from 'express';
import type { MeetgraphMetrics } from './metrics.js';
import { redactedMetrics } from './redacted-metrics.js';

/** One thing this process needs to serve (docs/architecture.md, "Operations"); never a vendor. */
export interface ReadinessCheck {
  name: string;
  /** True when ready; may reject (counts as not ready). Must be cheap: load balancers poll it. */
  check(): boolean | Promise<boolean>;
}

export interface ObservabilityDeps {
  metrics: MeetgraphMetrics;
  checks: readonly ReadinessCheck[];
  /** `public`: metrics without per-connection series; `admin`: everything (served on `server.adminPort`). */
  audience: 'public' | 'admin';
}

async function runChecks(checks: readonly ReadinessCheck[]): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        return [c.name, (await c.check()) ? 'ok' : 'failing'] as const;
      } catch {
        return [c.name, 'failing'] as const;
      }
    }),
  );
  return { ready: results.every(([, state]) => state === 'ok'), checks: Object.fromEntries(results) };
}

/**
 * `GET /ready`: readiness of this process only (config loaded, schema built, state store reachable, not
 * shutting down). A vendor outage never makes it 503: every replica shares the vendors, so a load balancer
 * would take them all out at once and never bring them back. It names no connection and no error; vendor
 * health is in `connections { health }` and in the per-connection metrics on the admin port.
 * `GET /metrics`: Prometheus text; per-connection series only for the admin audience.
 */
export function mountObservabilityRoutes(app: Express, deps: ObservabilityDeps): void {
  app.get('/metrics', async (_req, res, next) => {
    try {
      const registry = deps.metrics.forScrape();
      const body = deps.audience === 'admin' ? await registry.metrics() : await redactedMetrics(registry);
      res.setHeader('content-type', deps.metrics.registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(body);
    } catch (error) {
      next(error);
    }
  });

  app.get('/ready', async (_req, res) => {
    const { ready, checks } = await runChecks(deps.checks);
    res.setHeader('cache-control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
}
