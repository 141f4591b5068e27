/**
 * Raw alfaview JSON API v1 shapes (docs/vendors/alfaview.md).
 * Quirks named here once: 64-bit integers (ids, epoch timestamps) arrive as JSON strings, and lists of
 * rooms / users / permission groups arrive as MAPS keyed by id, not arrays. Protobuf-JSON omits default
 * values, so every field may be absent (a `false` boolean, an enum's zero value, an empty map).
 */

/** Sent in the BODY of every authenticated call, never as a header (docs/vendors/alfaview.md "Transport"). */
export interface AlfaviewAccessInfo {
  requestId: string;
  accessToken: string;
}

/** Success marker of every reply (docs/vendors/alfaview.md "Replies and errors"). */
export interface AlfaviewReplyInfo {
  requestId?: string;
  /** Absent or "OK" on success; anything else is an error code (TOKEN_OUTDATED, ROOM_NOT_FOUND, …). */
  statusCode?: string;
  statusMessage?: string;
}

export interface AlfaviewReply {
  replyInfo?: AlfaviewReplyInfo;
}

/** gRPC-gateway failure body: `{ code, message, details: [ReplyInfo] }`. */
export interface AlfaviewErrorDetail extends AlfaviewReplyInfo {
  '@type'?: string;
}

export interface AlfaviewErrorBody {
  code?: number;
  message?: string;
  details?: AlfaviewErrorDetail[];
}

/** API key: clientId = key name, code = key secret. */
export interface AlfaviewAuthorizationCodeCredentials {
  clientId: string;
  code: string;
  companyId: string;
}

export interface AlfaviewUsernamePasswordCredentials {
  username: string;
  password: string;
  companyId: string;
}

export interface AlfaviewAuthenticateRequest {
  requestId: string;
  authorizationCodeCredentials?: AlfaviewAuthorizationCodeCredentials;
  usernamePasswordCredentials?: AlfaviewUsernamePasswordCredentials;
}

export interface AlfaviewAuthenticateReply extends AlfaviewReply {
  accessToken?: string;
  /** A string: epoch seconds (int64-as-string) or RFC 3339; both are accepted. */
  expiresAt?: string | number;
  refreshToken?: string;
  userId?: string;
  companyId?: string;
  permissions?: Record<string, boolean>;
}

export type AlfaviewRoomType = 'ROOM_TYPE_ROOM' | 'ROOM_TYPE_DEPARTMENT' | (string & {});

export interface AlfaviewRoomQuotas {
  activeParticipants?: number | string;
  passiveParticipants?: number | string;
  subRooms?: number | string;
}

export type AlfaviewPermissions = Record<string, boolean>;

export interface AlfaviewRoom {
  displayName?: string;
  type?: AlfaviewRoomType;
  mode?: string;
  parentId?: string;
  createdAt?: string | number;
  createdBy?: string;
  quotas?: AlfaviewRoomQuotas;
  features?: unknown;
  permissions?: Record<string, AlfaviewPermissions>;
  defaultPermissions?: AlfaviewPermissions;
  allowSpectators?: boolean;
}

export interface AlfaviewRoomListRequest {
  limit?: number;
  offset?: number;
  filterRoomIds?: string[];
  filterRoomTypes?: AlfaviewRoomType[];
}

export interface AlfaviewRoomListReply extends AlfaviewReply {
  /** Keyed by room id (int64 as string). */
  rooms?: Record<string, AlfaviewRoom>;
}

export interface AlfaviewRoomCreateReply extends AlfaviewReply {
  roomId?: string;
  room?: AlfaviewRoom;
}

export interface AlfaviewRoomUser {
  online?: boolean;
  displayName?: string;
  isGuest?: boolean;
  isSpectator?: boolean;
  state?: string;
}

export interface AlfaviewRoomStatus {
  /** Keyed by user id. */
  users?: Record<string, AlfaviewRoomUser>;
}

export interface AlfaviewRoomStatusReply extends AlfaviewReply {
  /** Keyed by room id; a room nobody is in may be absent or have no users. */
  rooms?: Record<string, AlfaviewRoomStatus>;
}

export interface AlfaviewPermissionGroup {
  name?: string;
  permissions?: AlfaviewPermissions;
}

export interface AlfaviewPermissionGroupsReply extends AlfaviewReply {
  /** Keyed by permission group id. */
  permissionGroups?: Record<string, AlfaviewPermissionGroup>;
}

export interface AlfaviewGroupLinkCreation {
  description: string;
  permissionGroupId: string;
  validFrom?: string;
  validUntil?: string;
}

export interface AlfaviewGroupLink {
  id?: string;
  roomId?: string;
  accessKey?: string;
  joinLink?: string;
  permissionGroupId?: string;
  description?: string;
  validFrom?: string | number;
  validUntil?: string | number;
  createdAt?: string | number;
  createdBy?: string;
}

export interface AlfaviewCreateGroupLinksReply extends AlfaviewReply {
  groupLinks?: AlfaviewGroupLink[];
}

/** `guestService.v2/listGroupLinks` with `roomId`: every group link of the room (docs/vendors/alfaview.md "Join links"). */
export interface AlfaviewListGroupLinksReply extends AlfaviewReply {
  groupLinks?: AlfaviewGroupLink[];
}
