/**
 * Unified records: what every vendor mapper produces and every resolver consumes.
 * They carry native ids only; global ids are built from (type, connectionId, nativeId) in src/ids.ts,
 * so datasources never need to know how ids look on the wire.
 */

export type { VendorName } from '../core/vendor-name.js';

export type MeetingKindValue = 'ROOM' | 'SCHEDULED' | 'ASSISTANCE';
export type MeetingStatusValue = 'SCHEDULED' | 'LIVE' | 'IDLE' | 'ENDED' | 'CANCELLED' | 'UNKNOWN';
export type ParticipantRoleValue = 'MODERATOR' | 'PARTICIPANT' | 'SPECTATOR' | 'AGENT' | 'CUSTOMER' | 'UNKNOWN';
export type PresenceStateValue = 'INVITED' | 'ONLINE' | 'LEFT' | 'UNKNOWN';
export type MediaTypeValue = 'VIDEO' | 'AUDIO' | 'IMAGE' | 'PLAYBACK_PAGE' | 'DOCUMENT' | 'OTHER';
export type ConnectionModeValue = 'SUPPORT' | 'PRESENTATION' | 'VIDEO_ASSISTANCE';

export interface MeetingSettingRecord {
  name: string;
  value: unknown;
}

export interface MeetingRecord {
  nativeId: string;
  kind: MeetingKindValue;
  title: string;
  description: string | null;
  status: MeetingStatusValue;
  startsAt: Date | null;
  endsAt: Date | null;
  durationMinutes: number | null;
  timezone: string | null;
  joinUrl: string | null;
  createdAt: Date | null;
  /** null when the vendor's settings must be fetched separately (see `meetingSettings`). */
  settings: MeetingSettingRecord[] | null;
  raw: unknown;
}

export interface SessionRecord {
  nativeId: string;
  meetingNativeId: string | null;
  title: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  live: boolean;
  participantCount: number | null;
  raw: unknown;
}

export interface ParticipantRecord {
  /** Unique within the connection; vendors without participant ids get a stable composite one. */
  nativeId: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  role: ParticipantRoleValue;
  presence: PresenceStateValue;
  joinedAt: Date | null;
  leftAt: Date | null;
  raw: unknown;
}

export interface RecordingRecord {
  nativeId: string;
  meetingNativeId: string | null;
  sessionNativeId: string | null;
  title: string | null;
  url: string | null;
  mediaType: MediaTypeValue;
  mimeType: string | null;
  sizeBytes: number | null;
  createdAt: Date | null;
  raw: unknown;
}

export interface EndpointRecord {
  name: string | null;
  vendorUserId: string | null;
  publicIp: string | null;
  localIp: string | null;
  deviceId: string | null;
  device: string | null;
  os: string | null;
  browser: string | null;
  phone: string | null;
}

export interface ConnectionReportRecord {
  nativeId: string;
  startedAt: Date | null;
  durationSeconds: number | null;
  mode: ConnectionModeValue;
  note: string | null;
  reference: string | null;
  agent: EndpointRecord | null;
  target: EndpointRecord | null;
  rawTimestamp: string | null;
  raw: unknown;
}

export interface JoinLinkRecord {
  url: string;
  role: ParticipantRoleValue;
  expiresAt: Date | null;
}

export function emptyEndpoint(): EndpointRecord {
  return {
    name: null,
    vendorUserId: null,
    publicIp: null,
    localIp: null,
    deviceId: null,
    device: null,
    os: null,
    browser: null,
    phone: null,
  };
}
