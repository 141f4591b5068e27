/**
 * What a vendor can do through meetgraph. Each datasource declares its set; anything outside it is
 * UNSUPPORTED_BY_VENDOR, and `VendorConnection.capabilities` shows the same set to clients.
 */
export const CAPABILITIES = [
  'LIST_MEETINGS',
  'GET_MEETING',
  'CREATE_MEETING',
  'UPDATE_MEETING',
  'DELETE_MEETING',
  'START_SESSION',
  'END_SESSION',
  'CREATE_JOIN_LINK',
  'MEETING_SETTINGS',
  'MEETING_PARTICIPANTS',
  'MEETING_SESSIONS',
  'MEETING_RECORDINGS',
  'LIST_SESSIONS',
  'SESSION_PARTICIPANTS',
  'SESSION_RECORDINGS',
  'LIST_RECORDINGS',
  'LIST_CONNECTION_REPORTS',
] as const;

export type Capability = (typeof CAPABILITIES)[number];
