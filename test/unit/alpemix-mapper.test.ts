import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAlpemixJson } from '../../datasources/alpemix/client.js';
import { formatAlpemixDate, parseAlpemixDate, toConnectionReport, toConnectionReports } from '../../datasources/alpemix/mapper.js';
import type { AlpemixConnection, AlpemixReportResponse } from '../../datasources/alpemix/types.js';

const fixture = (name: string): string => readFileSync(path.join(process.cwd(), 'test/fixtures/alpemix', name), 'utf8');
const report = JSON.parse(fixture('report-response.json')) as AlpemixReportResponse;
const results = report.results as AlpemixConnection[];
const istanbul = { timezone: 'Europe/Istanbul' };

describe('alpemix mapper: toConnectionReport', () => {
  it('maps the documented record: "dur:" key, backslash date in Europe/Istanbul, agent and target', () => {
    const record = toConnectionReport(results[0]!, istanbul);
    expect(record).toEqual({
      nativeId: '48120031',
      // "23:38:18 22\08\2024" in Istanbul (UTC+3) is 20:38:18 UTC
      startedAt: new Date('2024-08-22T20:38:18.000Z'),
      durationSeconds: 30,
      mode: 'SUPPORT',
      note: 'Printer driver reinstalled',
      reference: 'SUP-10422',
      agent: {
        name: 'ayse.demir',
        vendorUserId: '812345670',
        publicIp: '85.105.12.34',
        localIp: '192.168.10.21',
        deviceId: 'SUP-PC-01',
        device: null,
        os: null,
        browser: null,
        phone: null,
      },
      target: {
        name: 'muhasebe-pc',
        vendorUserId: '905512340',
        publicIp: '88.247.101.5',
        localIp: '192.168.1.30',
        deviceId: 'ACC-PC-3',
        device: null,
        os: null,
        browser: null,
        phone: null,
      },
      rawTimestamp: '23:38:18 22\\08\\2024',
      raw: results[0],
    });
  });

  it('maps dir 1 to PRESENTATION, empty strings to null and an all-empty endpoint to null', () => {
    const record = toConnectionReport(results[1]!, istanbul)!;
    expect(record.mode).toBe('PRESENTATION');
    expect(record.durationSeconds).toBe(123);
    expect(record.note).toBeNull();
    expect(record.reference).toBeNull();
    expect(record.target).toBeNull();
    expect(record.agent?.name).toBe('mehmet.kaya');
    expect(record.startedAt).toEqual(new Date('2024-08-22T06:05:00.000Z'));
  });

  it('accepts the plain "dur" key and numeric-string values', () => {
    const raw: AlpemixConnection = { uid: 5, dt: '01:02:03 01\\01\\2025', dur: '61', dir: '1' };
    const record = toConnectionReport(raw, istanbul)!;
    expect(record.nativeId).toBe('5');
    expect(record.durationSeconds).toBe(61);
    expect(record.mode).toBe('PRESENTATION');
    expect(record.agent).toBeNull();
  });

  it('prefers "dur:" over "dur" when both are present', () => {
    expect(toConnectionReport({ uid: '1', 'dur:': 10, dur: 99 }, istanbul)!.durationSeconds).toBe(10);
  });

  it('converts with the connection time zone', () => {
    const record = toConnectionReport(results[0]!, { timezone: 'UTC' })!;
    expect(record.startedAt).toEqual(new Date('2024-08-22T23:38:18.000Z'));
  });

  it('keeps an unparseable dt only as rawTimestamp', () => {
    const record = toConnectionReport({ uid: '2', dt: '31:99:00 40\\13\\2024', 'dur:': 5, dir: 0 }, istanbul)!;
    expect(record.startedAt).toBeNull();
    expect(record.rawTimestamp).toBe('31:99:00 40\\13\\2024');
  });

  it('skips records without uid and keeps the first of duplicate uids', () => {
    const mapped = toConnectionReports(
      [{ dt: results[0]!.dt }, results[0]!, { ...results[1]!, uid: results[0]!.uid }, results[1]!],
      istanbul,
    );
    expect(mapped.map((r) => r.nativeId)).toEqual(['48120031', '48120030']);
    expect(mapped[0]!.durationSeconds).toBe(30);
  });
});

describe('alpemix dates', () => {
  it('parses the backslash format and refuses other shapes', () => {
    expect(parseAlpemixDate('23:38:18 22\\08\\2024', 'Europe/Istanbul')).toEqual(new Date('2024-08-22T20:38:18Z'));
    expect(parseAlpemixDate('2024-08-22T20:38:18Z', 'Europe/Istanbul')).toBeNull();
    expect(parseAlpemixDate(undefined, 'Europe/Istanbul')).toBeNull();
  });

  it('formats what it parses', () => {
    const at = new Date('2024-02-29T21:00:05Z');
    const text = formatAlpemixDate(at, 'Europe/Istanbul');
    expect(text).toBe('00:00:05 01\\03\\2024');
    expect(parseAlpemixDate(text, 'Europe/Istanbul')).toEqual(at);
  });
});

describe('alpemix JSON envelope', () => {
  it('parses the documented token and error replies', () => {
    expect(parseAlpemixJson(fixture('token-response.json'))).toMatchObject({ errornumber: 0, accesstoken: expect.any(String) });
    expect(parseAlpemixJson(fixture('error-response.json'))).toEqual({ errornumber: 100 });
  });

  it('repairs a reply that prints dt with unescaped backslashes, as the doc does, and leaves real escapes alone', () => {
    const parsed = parseAlpemixJson(fixture('report-doc-literal.txt')) as AlpemixReportResponse;
    const [raw] = parsed.results as AlpemixConnection[];
    expect(raw!.dt).toBe('23:38:18 22\\08\\2024');
    expect(raw!.exp).toBe('Path C:\\temp cleaned');
    expect(toConnectionReport(raw!, istanbul)!.startedAt).toEqual(new Date('2024-08-22T20:38:18Z'));
  });

  it('returns undefined for a body that is not JSON at all', () => {
    expect(parseAlpemixJson('<html>502</html>')).toBeUndefined();
  });
});
