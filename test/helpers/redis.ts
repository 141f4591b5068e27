import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';

/** The local Redis every machine of the project runs (.ci/run starts it when it is down). */
export const REDIS_URL = process.env.MEETGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** A key prefix of its own per test run, so parallel runs never meet. */
export const testKeyPrefix = (): string => `meetgraph-test:${randomUUID()}:`;

/** Deletes every key under `prefix` (the end of a test). */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Keys under `prefix`, without it. */
export async function listKeys(prefix: string, url = REDIS_URL): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true });
  try {
    await redis.connect();
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      out.push(...keys.map((k) => k.slice(prefix.length)));
    } while (cursor !== '0');
    return out;
  } finally {
    redis.disconnect();
  }
}

/**
 * A TCP relay in front of Redis that a test can cut and restore: a Redis outage and its return, without
 * touching the shared Redis server.
 */
export class RedisRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target = new URL(REDIS_URL)) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}${this.target.pathname}`;
  }

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Drops every connection and stops listening: Redis is "down" for whoever uses the relay. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
