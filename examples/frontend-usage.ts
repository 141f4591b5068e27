/**
 * How a frontend uses the generated types. Type-checked in CI against freshly generated code, so a schema
 * change that would break this code fails the build.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CreateMeetingDocument,
  DeleteMeetingDocument,
  RecentConnectionReportsDocument,
  ThisWeekMeetingsDocument,
} from './generated/graphql.js';
import type { CreateMeetingMutationVariables, ThisWeekMeetingsQuery } from './generated/graphql.js';

/** A minimal typed fetch wrapper: any GraphQL client (urql, Apollo Client, graphql-request) works the same way. */
export async function request<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  apiKey?: string,
): Promise<{ data?: TResult; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const { print } = await import('graphql');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return response.json() as Promise<{ data?: TResult }>;
}

type WeekMeeting = ThisWeekMeetingsQuery['meetings']['nodes'][number];

/** Rows for a calendar view; failed vendors become banners instead of silently missing meetings. */
export async function loadWeek(url: string, from: Date, to: Date): Promise<{ rows: string[]; banners: string[] }> {
  const { data } = await request(url, ThisWeekMeetingsDocument, { from: from.toISOString(), to: to.toISOString() });
  const meetings: WeekMeeting[] = data?.meetings.nodes ?? [];
  // An empty list with a gap is "unknown", not "nobody": say so instead of showing 0 people.
  const people = (m: WeekMeeting) =>
    m.gaps.some((g) => g.field === 'participants') ? 'attendance unavailable' : `${m.participants.length} people`;
  const rows = meetings.map((m) => `${m.vendor} · ${m.title} · ${m.status} · ${m.startsAt ?? 'any time'} · ${people(m)}`);
  const banners = (data?.meetings.sources ?? [])
    .filter((s) => s.state === 'FAILED' || s.state === 'PARTIAL')
    .map((s) => `${s.connection.vendor}: ${s.message ?? s.error?.code ?? s.state}`);
  return { rows, banners };
}

export async function planMeeting(url: string, apiKey: string): Promise<string | undefined> {
  const variables: CreateMeetingMutationVariables = {
    input: { connectionId: 'vconnct-demo', title: 'Design review', settings: [{ name: 'record', value: true }] },
  };
  const { data } = await request(url, CreateMeetingDocument, variables, apiKey);
  return data?.createMeeting.joinUrl ?? undefined;
}

export async function supportMinutesToday(url: string): Promise<number> {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const { data } = await request(url, RecentConnectionReportsDocument, { from: midnight.toISOString(), first: 100 });
  return (data?.connectionReports.nodes ?? []).reduce((sum, r) => sum + (r.durationSeconds ?? 0), 0) / 60;
}

export async function cancelMeeting(url: string, apiKey: string, id: string): Promise<boolean> {
  const { data } = await request(url, DeleteMeetingDocument, { id }, apiKey);
  return data?.deleteMeeting === id;
}
