import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Slots, VENDOR_CONCURRENCY } from '../../datasources/concurrency.js';
import { ConnectionHealth } from '../../datasources/health.js';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHttpClient, vendorRequest, type VendorHttp } from '../../datasources/http.js';
import { VconnctConnectionConfig } from '../../datasources/vconnct/config.js';
import { connectionTransport } from '../../datasources/vendor-module.js';
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

  /** Sends `count` reads at once through `client`, releases them one at a time, and returns the most open at once. */
  async function peakInFlight(client: VendorHttp, count: number): Promise<number> {
    inFlight = 0;
    maxInFlight = 0;
    served = 0;
    const ctx = newCallContext(`r-${count}`, { deadlineMs: 60_000 });
    const calls = Array.from({ length: count }, (_, i) => client(`item/${i}`, { context: vendorRequest(ctx, 'item', 'read') }));
    // Let the server see whatever the client sends, then release one request at a time.
    const waitFor = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    while (served < count) {
      await waitFor(() => pending.length > 0);
      // Give the client the chance to send more than it may before releasing the next one.
      await new Promise((resolve) => setTimeout(resolve, 5));
      pending.shift()!();
    }
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.statusCode)).toEqual(Array(count).fill(200));
    return maxInFlight;
  }

  const transportOf = (extra: Record<string, unknown>): VendorHttp => {
    const config = plainToInstance(VconnctConnectionConfig, {
      id: 'cap',
      vendor: 'vconnct',
      baseUrl,
      credentials: { license: 'L' },
      ...extra,
    });
    expect(validateSync(config, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    return connectionTransport('vconnct', config, { logger: silentLogger(), health: new ConnectionHealth() }).http;
  };

  it('never has more calls in flight than the connection allows, and queues the rest until a slot frees', async () => {
    const source = { vendor: 'vconnct' as const, connectionId: 'cap' };
    const client = createHttpClient({ source, baseUrl, logger: silentLogger(), health: new ConnectionHealth(), maxConcurrency: 3 });
    expect(await peakInFlight(client, 10)).toBe(3);
  });

  it("takes a connection's `maxConcurrency` from its config, and the vendor's default without it", async () => {
    expect(await peakInFlight(transportOf({ maxConcurrency: 2 }), 8)).toBe(2);
    expect(await peakInFlight(transportOf({ maxConcurrency: 40 }), 60)).toBe(40);
    const vendorDefault = VENDOR_CONCURRENCY.vconnct;
    expect(await peakInFlight(transportOf({}), vendorDefault + 10)).toBe(vendorDefault);
  });
});
