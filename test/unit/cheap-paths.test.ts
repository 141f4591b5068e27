import { UnsupportedByVendorError, VendorUnavailableError } from '../../datasources/vendor-errors.js';
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
