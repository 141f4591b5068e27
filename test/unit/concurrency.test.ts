import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Slots, VENDOR_CONCURRENCY } from '../../datasources/concurrency.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { createHttpClient, vendorRequest } from '../../datasources/http.js';
import { newCallContext } from '../../datasources/request-memo.js';
import { silentLogger } from '../../core/logger.js';

describe('Slots', () => {
  it('lets at most `limit` holders in and serves waiters in arrival order', async () => {
    const slots = new Slots(2);
    const order: number[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const waiting = [3, 4, 5].map((n) => slots.acquire().then((release) => (order.push(n), release)));
    await Promise.resolve();
    expect(slots.inFlight).toBe(2);
    expect(slots.queued).toBe(3);
    a();
    a(); // a second release of the same slot changes nothing
    const c = await waiting[0]!;
    expect(order).toEqual([3]);
    expect(slots.inFlight).toBe(2);
    b();
    c();
    const [d, e] = await Promise.all([waiting[1]!, waiting[2]!]);
    expect(order).toEqual([3, 4, 5]);
    d();
    e();
    expect(slots.inFlight).toBe(0);
    expect(slots.queued).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Slots(0)).toThrow(RangeError);
    expect(() => new Slots(1.5)).toThrow(RangeError);
  });

  it('keeps Alpemix at one call in flight (its per-minute budget) and every vendor bounded', () => {
    expect(VENDOR_CONCURRENCY.alpemix).toBe(1);
    for (const limit of Object.values(VENDOR_CONCURRENCY)) expect(Number.isInteger(limit) && limit >= 1).toBe(true);
  });
});

describe('the shared HTTP client', () => {
  let server: http.Server;
  let baseUrl: string;
  let inFlight = 0;
  let maxInFlight = 0;
  let served = 0;
  const pending: Array<() => void> = [];

  beforeAll(async () => {
    // Holds every request until the test lets it go, counting how many are open at once.
    server = http.createServer((_req, res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(() => {
        inFlight -= 1;
        served += 1;
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    for (const release of pending.splice(0)) release();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('never has more calls in flight than the connection allows, and queues the rest until a slot frees', async () => {
    const source = { vendor: 'vconnct' as const, connectionId: 'cap' };
    const client = createHttpClient({ source, baseUrl, logger: silentLogger(), health: new ConnectionHealth(), maxConcurrency: 3 });
    const ctx = newCallContext('r1', { deadlineMs: 60_000 });
    const calls = Array.from({ length: 10 }, (_, i) => client(`item/${i}`, { context: vendorRequest(ctx, 'item', 'read') }));
    // Let the server see whatever the client sends, then release one request at a time.
    const waitFor = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    while (served < 10) {
      await waitFor(() => pending.length > 0);
      expect(inFlight).toBeLessThanOrEqual(3);
      pending.shift()!();
    }
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(maxInFlight).toBe(3);
  });
});
