import { DateTime } from 'luxon';
import type { ConnectionModeValue, ConnectionReportRecord, EndpointRecord } from '../records.js';
import { emptyEndpoint } from '../records.js';
import type { AlpemixConnection } from './types.js';

/**
 * Pure mapping of Alpemix report records (docs/vendors/alpemix.md "Reports") to unified ConnectionReport records.
 * No I/O and no clock: the connection's time zone is passed in.
 */

export interface AlpemixMapOptions {
  /** IANA zone the vendor's `dt` strings are written in (connection option `timezone`). */
  timezone: string;
}

/**
 * Quirk: `dt` is `"hh:mm:ss dd\mm\yyyy"` with BACKSLASHES and no zone (doc example `"23:38:18 22\08\2024"`).
 * A forward slash or dot is accepted as well, in case a proxy or a future version "fixes" the separator.
 */
const DT_PATTERN = /^\s*(\d{1,2}):(\d{2}):(\d{2})\s+(\d{1,2})[\\/.](\d{1,2})[\\/.](\d{4})\s*$/;

/** Parses a `dt` string in the given zone; null when it is missing or not a real date/time. */
export function parseAlpemixDate(dt: string | null | undefined, timezone: string): Date | null {
  if (typeof dt !== 'string') return null;
  const m = DT_PATTERN.exec(dt);
  if (!m) return null;
  const [hour, minute, second, day, month, year] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const local = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: timezone });
  return local.isValid ? local.toJSDate() : null;
}

/** Formats a date the way Alpemix writes `dt` (used by the simulator; kept beside the parser so both agree). */
export function formatAlpemixDate(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat("HH:mm:ss dd'\\'MM'\\'yyyy");
}

function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function integer(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** Quirk: the duration key really is `"dur:"` (colon included) in the doc's sample; plain `dur` is accepted too. */
export function durationOf(raw: AlpemixConnection): number | null {
  return integer(raw['dur:']) ?? integer(raw.dur);
}

/** `dir` 0 = connected for support, 1 = presentation viewing (doc). Anything else is treated as support, the default use. */
export function modeOf(dir: unknown): ConnectionModeValue {
  return integer(dir) === 1 ? 'PRESENTATION' : 'SUPPORT';
}

function endpoint(name: unknown, publicIp: unknown, localIp: unknown, deviceId: unknown, vendorUserId: unknown): EndpointRecord | null {
  const e: EndpointRecord = {
    ...emptyEndpoint(),
    name: text(name),
    publicIp: text(publicIp),
    localIp: text(localIp),
    deviceId: text(deviceId),
    vendorUserId: text(vendorUserId),
  };
  return (e.name ?? e.publicIp ?? e.localIp ?? e.deviceId ?? e.vendorUserId) ? e : null;
}

/**
 * One report record → ConnectionReport. Returns null for a record without `uid`: the uid is the only id the
 * vendor gives a connection, and a record meetgraph cannot address would break paging and `node(id:)`.
 */
export function toConnectionReport(raw: AlpemixConnection, options: AlpemixMapOptions): ConnectionReportRecord | null {
  const nativeId = text(raw.uid);
  if (nativeId === null) return null;
  return {
    nativeId,
    startedAt: parseAlpemixDate(raw.dt, options.timezone),
    durationSeconds: durationOf(raw),
    mode: modeOf(raw.dir),
    note: text(raw.exp),
    reference: text(raw.supnum),
    // uname/ip/lip/unum/aid: the support staff's username, public IP, local IP, device number, Alpemix id
    agent: endpoint(raw.uname, raw.ip, raw.lip, raw.unum, raw.aid),
    // tuname/tip/tlip/tunum/taid: the same for the target device
    target: endpoint(raw.tuname, raw.tip, raw.tlip, raw.tunum, raw.taid),
    rawTimestamp: typeof raw.dt === 'string' ? raw.dt : null,
    raw,
  };
}

/** A whole `results` array → records, skipping unaddressable ones and keeping the first of duplicate uids. */
export function toConnectionReports(results: readonly AlpemixConnection[], options: AlpemixMapOptions): ConnectionReportRecord[] {
  const seen = new Set<string>();
  const out: ConnectionReportRecord[] = [];
  for (const raw of results) {
    const record = raw && typeof raw === 'object' ? toConnectionReport(raw, options) : null;
    if (record === null || seen.has(record.nativeId)) continue;
    seen.add(record.nativeId);
    out.push(record);
  }
  return out;
}
