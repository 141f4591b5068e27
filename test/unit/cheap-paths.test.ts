import { UnsupportedByVendorError, VendorUnavailableError } from '../../datasources/vendor-errors.js';
import { parseApizeeTime } from '../../datasources/apizee/mapper.js';
import { MeetgraphMetrics } from '../../src/metrics.js';

const source = { vendor: 'alpemix' as const, connectionId: 'a1' };

describe('UNSUPPORTED_BY_VENDOR, reported as data', () => {
  it('captures no stack trace, keeps its code and message, and leaves other errors their stacks', () => {
    const limit = Error.stackTraceLimit;
    const error = new UnsupportedByVendorError(source, 'list meetings');
    expect(error.code).toBe('UNSUPPORTED_BY_VENDOR');
    expect(error.message).toBe('alpemix cannot list meetings.');
    expect(error.extensions()).toMatchObject({ code: 'UNSUPPORTED_BY_VENDOR', vendor: 'ALPEMIX', connectionId: 'a1' });
    expect(error.stack ?? '').not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new VendorUnavailableError(source, 'down').stack).toMatch(/\n\s+at /);
  });
});

describe('process metrics', () => {
  it('are registered at the first scrape, not before: an unscraped server runs no event-loop monitor', async () => {
    const metrics = new MeetgraphMetrics();
    expect(metrics.registry.getSingleMetric('process_cpu_user_seconds_total')).toBeUndefined();
    expect(metrics.registry.getSingleMetric('nodejs_eventloop_lag_seconds')).toBeUndefined();
    const text = await metrics.forScrape().metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('meetgraph_graphql_requests_total');
    // A second scrape registers nothing twice (prom-client would throw on a duplicate name).
    expect(await metrics.forScrape().metrics()).toContain('process_cpu_user_seconds_total');
  });
});

describe('Apizee times read many times per request', () => {
  it('answer the same instant every time, as a Date of their own that a caller cannot spoil for the next', () => {
    const first = parseApizeeTime('2025-03-11 09:30:00') as Date;
    expect(first.toISOString()).toBe('2025-03-11T09:30:00.000Z');
    first.setUTCFullYear(1999);
    const again = parseApizeeTime('2025-03-11 09:30:00') as Date;
    expect(again.toISOString()).toBe('2025-03-11T09:30:00.000Z');
    expect(again).not.toBe(first);
    expect(parseApizeeTime('2025-03-11T09:30:00+02:00')?.toISOString()).toBe('2025-03-11T07:30:00.000Z');
    expect(parseApizeeTime('not a date')).toBeNull();
    expect(parseApizeeTime('not a date')).toBeNull();
    expect(parseApizeeTime('   ')).toBeNull();
  });
});
