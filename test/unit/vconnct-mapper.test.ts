import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isVconnctQuotaMessage } from '../../datasources/vconnct/client.js';
import {
  completeSettings,
  isSessionLive,
  parseGeneralSettings,
  parseParticipantNativeId,
  participantNativeId,
  toJoinRole,
  toMeeting,
  toParticipants,
  toRecording,
  toSession,
  toSettings,
  validateSettings,
} from '../../datasources/vconnct/mapper.js';
import {
  VCONNCT_SETTING_NAMES,
  type VconnctAttendance,
  type VconnctMeeting,
  type VconnctMeetingDetail,
  type VconnctSession,
  type VconnctSetting,
} from '../../datasources/vconnct/types.js';
import { BadUserInputError } from '../../core/errors.js';

function fixture<T>(name: string): { data: T; status: boolean; status_code: number } {
  return JSON.parse(readFileSync(resolve('test/fixtures/vconnct', name), 'utf8')) as { data: T; status: boolean; status_code: number };
}

describe('vconnct mapper (doc example payloads)', () => {
  it('maps list_meetings rows to ROOM meetings, LIVE when running, without leaking passwords into raw', () => {
    const [row] = fixture<VconnctMeeting[]>('list_meetings.json').data;
    const m = toMeeting(row as VconnctMeeting);
    expect(m).toMatchObject({
      nativeId: 'cc22d75f-2e53-4b1a-a1da-afcafa633364',
      kind: 'ROOM',
      title: 'meeting1 title',
      description: 'welcome to the class',
      status: 'LIVE',
      startsAt: null,
      settings: null,
    });
    expect(JSON.stringify(m.raw)).not.toContain('modpwd');
    expect(toMeeting({ ...(row as VconnctMeeting), is_running: false }).status).toBe('IDLE');
  });

  it('maps the create answer (no is_running) to an IDLE meeting', () => {
    const m = toMeeting(fixture<VconnctMeetingDetail>('create_meeting.json').data);
    expect(m.nativeId).toBe('0db9ac9d-399b-4b9b-987c-50fd77f5d15d');
    expect(m.status).toBe('IDLE');
    expect(m.title).toBe('meeting title');
  });

  it('maps list_sessions rows: ended sessions with duration, the meeting id from the query', () => {
    const [row] = fixture<VconnctSession[]>('list_sessions.json').data;
    const s = toSession(row as VconnctSession, 'meeting-1');
    expect(s).toMatchObject({
      nativeId: '546b4f17-16dc-4d07-b155-a5994e0ce161',
      meetingNativeId: 'meeting-1',
      title: 'session1 title',
      live: false,
      durationSeconds: 11,
    });
    expect(s.startedAt?.toISOString()).toBe('2022-12-20T12:08:46.148Z');
    expect(s.endedAt?.toISOString()).toBe('2022-12-20T12:08:57.281Z');
    expect(JSON.stringify(s.raw)).not.toContain('attpwd');
    const live = toSession({ ...(row as VconnctSession), session_end_time: null }, 'meeting-1');
    expect(live.live).toBe(true);
    expect(live.endedAt).toBeNull();
    expect(live.durationSeconds).toBeNull();
  });

  it('maps attendance to participants with stable composite ids, LEFT or ONLINE, role UNKNOWN', () => {
    const rows = fixture<VconnctAttendance[]>('list_attendance.json').data;
    const ended = toParticipants('s-1', rows, false);
    expect(ended).toHaveLength(3);
    expect(ended[0]).toMatchObject({ displayName: 'attendee 3', role: 'UNKNOWN', presence: 'LEFT', leftAt: null });
    expect(ended[0]?.joinedAt?.toISOString()).toBe('2022-12-20T12:22:30.564Z');
    expect(new Set(ended.map((p) => p.nativeId)).size).toBe(3);
    expect(toParticipants('s-1', rows, false).map((p) => p.nativeId)).toEqual(ended.map((p) => p.nativeId));
    expect(toParticipants('s-1', rows, true).every((p) => p.presence === 'ONLINE')).toBe(true);
  });

  it('round-trips participant ids, including names with separators, and disambiguates identical rows', () => {
    const row = { full_name: 'Ana / María 100%', joined_date: '2022-12-20T12:22:30.564Z' };
    expect(parseParticipantNativeId(participantNativeId('s-1', row))).toEqual({
      sessionId: 's-1',
      joinedDate: row.joined_date,
      fullName: row.full_name,
      occurrence: 1,
    });
    const twins = toParticipants('s-1', [row, row], false).map((p) => p.nativeId);
    expect(twins[0]).not.toBe(twins[1]);
    expect(parseParticipantNativeId(twins[1] as string)?.occurrence).toBe(2);
    expect(parseParticipantNativeId('no-separators')).toBeNull();
  });

  it('maps get_record to one PLAYBACK_PAGE recording per session, created at the session end', () => {
    const url = fixture<string>('get_record.json').data;
    const [session] = fixture<VconnctSession[]>('list_sessions.json').data;
    const r = toRecording(url, session as VconnctSession, 'meeting-1');
    expect(r).toMatchObject({
      nativeId: '546b4f17-16dc-4d07-b155-a5994e0ce161',
      sessionNativeId: '546b4f17-16dc-4d07-b155-a5994e0ce161',
      meetingNativeId: 'meeting-1',
      url,
      mediaType: 'PLAYBACK_PAGE',
    });
    expect(r?.createdAt?.toISOString()).toBe('2022-12-20T12:08:57.281Z');
    expect(toRecording(null, session as VconnctSession, 'meeting-1')).toBeNull();
    expect(toRecording('', session as VconnctSession, 'meeting-1')).toBeNull();
  });

  it('maps list_setting to name/value settings', () => {
    const settings = toSettings(fixture<VconnctSetting[]>('list_setting.json').data);
    expect(settings).toHaveLength(10);
    expect(settings).toContainEqual({ name: 'record', value: false });
    expect(settings).toContainEqual({ name: 'lock_settings_disable_mic', value: true });
  });

  it('reads the general defaults as an object map, a {setting,value} list or one-key objects', () => {
    const map = parseGeneralSettings(fixture<Record<string, boolean>>('list_general_meeting_setting.json').data);
    expect(Object.keys(map).sort()).toEqual([...VCONNCT_SETTING_NAMES].sort());
    expect(map.record).toBe(false);
    const list = parseGeneralSettings(fixture<VconnctSetting[]>('list_setting.json').data);
    expect(list.lock_settings_disable_mic).toBe(true);
    expect(list.record).toBe(false);
    expect(parseGeneralSettings([{ record: true }, { lock_settings_disable_cam: 'false' }])).toEqual({
      record: true,
      lock_settings_disable_cam: false,
    });
  });

  it('completes settings to all ten in the documented order: caller first, then the base', () => {
    const request = JSON.parse(readFileSync(resolve('test/fixtures/vconnct/create_meeting.request.json'), 'utf8')) as {
      meeting_setting: VconnctSetting[];
    };
    const done = completeSettings({ record: true }, { lock_settings_disable_cam: true, record: false });
    expect(done.map((s) => s.setting)).toEqual(request.meeting_setting.map((s) => s.setting));
    expect(done.find((s) => s.setting === 'record')?.value).toBe(true);
    expect(done.find((s) => s.setting === 'lock_settings_disable_cam')?.value).toBe(true);
    expect(done.find((s) => s.setting === 'lock_settings_disable_mic')?.value).toBe(false);
  });

  it('rejects unknown, non-boolean and repeated settings naming the setting', () => {
    expect(() => validateSettings([{ name: 'mute_everyone', value: true }])).toThrow(BadUserInputError);
    expect(() => validateSettings([{ name: 'mute_everyone', value: true }])).toThrow(/mute_everyone/);
    expect(() => validateSettings([{ name: 'record', value: 'yes' }])).toThrow(/record/);
    expect(() =>
      validateSettings([
        { name: 'record', value: true },
        { name: 'record', value: false },
      ]),
    ).toThrow(/twice/);
    expect(validateSettings([{ name: 'record', value: true }])).toEqual({ record: true });
  });

  it('maps roles to join roles and rejects the others', () => {
    expect(toJoinRole('MODERATOR')).toBe('moderator');
    expect(toJoinRole('PARTICIPANT')).toBe('viewer');
    expect(() => toJoinRole('AGENT')).toThrow(BadUserInputError);
  });

  it('recognizes license-cap messages but not other refusals', () => {
    expect(isVconnctQuotaMessage(['Your license allows a maximum of 3 meeting rooms; the limit has been reached.'])).toBe(true);
    expect(isVconnctQuotaMessage(['This room has reached the maximum attendance allowed by your license (2).'])).toBe(true);
    expect(isVconnctQuotaMessage(['Max rooms exceeded'])).toBe(true);
    expect(isVconnctQuotaMessage(['Attendance limit reached for this meeting'])).toBe(true);
    expect(isVconnctQuotaMessage(['لقد تجاوزت الحد الأقصى لعدد الغرف'])).toBe(true);
    const documented = JSON.parse(readFileSync(resolve('test/fixtures/vconnct/error.json'), 'utf8')) as { error_messages: string[] };
    expect(isVconnctQuotaMessage(documented.error_messages)).toBe(false);
    expect(isVconnctQuotaMessage(["You can't delete a meeting while it is running."])).toBe(false);
    expect(isVconnctQuotaMessage(['The meeting is not running; start it before joining.'])).toBe(false);
    expect(isVconnctQuotaMessage(['title exceeds the maximum length'])).toBe(false);
  });
});

describe('vconnct session liveness (the page example rows and the documented `status` field)', () => {
  const [example] = fixture<VconnctSession[]>('list_sessions.json').data;
  const row = example as VconnctSession;

  it('the page example (status true, end time set) is an ended session: `status: true` does not mean running', () => {
    expect(row.status).toBe(true);
    expect(isSessionLive(row)).toBe(false);
    expect(toSession(row, 'm1')).toMatchObject({ live: false, endedAt: new Date('2022-12-20T12:08:57.281Z') });
  });

  it('no end time and status false is over, not live (an end-time-only reading calls it live)', () => {
    const closed = { ...row, session_end_time: null, status: false };
    expect(isSessionLive(closed)).toBe(false);
    expect(toSession(closed, 'm1')).toMatchObject({ live: false, endedAt: null, durationSeconds: null });
  });

  it('no end time with status true or without status is live', () => {
    expect(isSessionLive({ ...row, session_end_time: null })).toBe(true);
    const { status: _status, ...withoutStatus } = row;
    expect(isSessionLive({ ...withoutStatus, session_end_time: null })).toBe(true);
    expect(toSession({ ...row, session_end_time: null }, 'm1').live).toBe(true);
  });
});
