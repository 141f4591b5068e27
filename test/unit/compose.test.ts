import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * compose.yaml is not run in CI (no Docker here): this keeps it valid YAML with the shape the README promises —
 * two meetgraph replicas built from the Dockerfile, one Redis, the config mounted read-only, ports only.
 */
const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..');

describe('compose.yaml', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, Record<string, any>>;
  };
  const replicas = Object.entries(compose.services).filter(([name]) => name.startsWith('meetgraph'));

  it('runs two meetgraph replicas from the Dockerfile and one Redis', () => {
    expect(replicas.map(([name]) => name).sort()).toEqual(['meetgraph-1', 'meetgraph-2']);
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    for (const [, service] of replicas) {
      expect(service.build).toBe('.');
      expect(service.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    }
  });

  it('mounts one config read-only, points both at the same Redis, and publishes distinct ports only', () => {
    const ports = replicas.map(([, s]) => s.ports as string[]);
    expect(ports.flat()).toEqual(['4001:4000', '4002:4000']);
    for (const [, service] of replicas) {
      expect(service.volumes).toEqual(['./meetgraph.yaml:/app/config/meetgraph.yaml:ro']);
      expect(service.environment.MEETGRAPH_CONFIG).toBe('/app/config/meetgraph.yaml');
      expect(service.environment.REDIS_URL).toBe('redis://redis:6379/0');
      expect(service.environment.NODE_ENV).toBe('production');
      expect(service.networks).toBeUndefined();
    }
    expect(compose.services.redis?.ports).toBeUndefined();
  });
});
