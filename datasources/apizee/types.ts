/**
 * Raw Apizee REST shapes (docs/vendors/apizee.md and the published "Apizee REST APIs" page).
 * Every field is optional or nullable where the published examples show it missing or null: the mapper,
 * not the type, decides what a missing field means. Ids are integers on the wire (session stats excepted).
 */

/** `POST /token` reply (docs/vendors/apizee.md "Transport and auth"). */
export interface ApizeeToken {
  access_token: string;
  created_at?: string | null;
  /** Seconds; the public examples show 86400. */
  expires_in?: number | string | null;
}

/** The error body of every non-2xx answer (docs/vendors/apizee.md "Transport and auth"). */
export interface ApizeeErrorBody {
  code?: number | string | null;
  message?: string | null;
  details?: string | null;
}

export interface ApizeeUserRef {
  id?: number | null;
  name?: string | null;
}

/** A "video meeting" room (docs/vendors/apizee.md "Conferences"). */
export interface ApizeeConference {
  id: number;
  name?: string | null;
  created?: string | null;
  modified?: string | null;
  start_time?: string | null;
  end_time?: string | null;
  /** `scheduled`, `ongoing`, then ended/cancelled variants. */
  status?: string | null;
  room_name?: string | null;
  url?: string | null;
  short_url?: string | null;
  sip_phone_number?: string | null;
  sip_dtmf_code?: string | null;
  organizer?: ApizeeUserRef | null;
  created_by?: ApizeeUserRef | null;
  service_key?: string | null;
  moderator?: ApizeeUserRef | null;
  /** Not in the published example, but echoed by some accounts; kept as a setting when present. */
  moderation?: boolean | string | null;
}

/** `{ total, data }`: the list envelope of `/conferences`, `/conferences/{id}/media` and `/tickets`. */
export interface ApizeeList<T> {
  total?: number | null;
  data?: T[] | null;
}

export interface ApizeeGeoloc {
  lat?: number | null;
  lng?: number | null;
  lon?: number | null;
}

/**
 * A media file: a conference recording or shared file (`/conferences/{id}/media`, where `media_type` is a
 * bare word like `video`) or a ticket media (`.../tickets/{id}/medias`, where `type` is a MIME type).
 */
export interface ApizeeMedia {
  id: number;
  hash?: string | null;
  title?: string | null;
  filename?: string | null;
  description?: string | null;
  type?: string | null;
  media_type?: string | null;
  status?: string | null;
  url?: string | null;
  filesize?: number | string | null;
  created?: string | null;
  /** `conf_record` marks a conference recording; ticket medias say `unknown`. */
  source_type?: string | null;
  owner?: ApizeeUserRef | null;
  geoloc?: ApizeeGeoloc | null;
  location?: ApizeeGeoloc | null;
  metadata?: unknown;
}

/** `GET /enterprises/{enterpriseId}/tickets/{id}/medias` — a different envelope from the conference media list. */
export interface ApizeeTicketMediaList {
  limit?: number | null;
  offset?: number | null;
  medias?: ApizeeMedia[] | null;
  count?: number | null;
}

/** One conference session statistic (`GET /session`). Its id is a UUID-like string, not an integer. */
export interface ApizeeSessionStat {
  id: string | number;
  start_time?: string | null;
  end_time?: string | null;
  billing_duration?: number | null;
  total_participant_count?: number | null;
  organizer?: ApizeeUserRef | null;
  enterprise?: ApizeeUserRef | null;
  service?: { id?: number | null; key?: string | null; name?: string | null } | null;
  type?: string | null;
}

export interface ApizeeSessionStatList {
  total?: number | null;
  since?: string | null;
  until?: string | null;
  data?: ApizeeSessionStat[] | null;
}

/** A "video assistance" ticket (docs/vendors/apizee.md "Tickets"). */
export interface ApizeeTicket {
  id: number;
  /** new, open, invited, inprogress, done, closed, rejected, declined, expired, cancelled. */
  state?: string | null;
  /** The creation reply repeats the state here. */
  status?: string | null;
  reference?: string | number | null;
  created?: string | null;
  modified?: string | null;
  start_time?: string | null;
  end_time?: string | null;
  subject?: string | null;
  type?: string | null;
  description?: string | null;
  name?: string | null;
  /** The agent's login. */
  agent?: string | null;
  requestor?: { phone?: string | null; email?: string | null } | null;
  requestor_url?: string | null;
  agent_url?: string | null;
  /** Carries an access token for the agent: never exposed (stripped from `raw`). */
  sso_url?: string | null;
  information_page_url?: string | null;
  service_key?: string | null;
  button_id?: number | null;
  geoloc?: ApizeeGeoloc | null;
}

/**
 * One row of `GET /enterprises/{enterpriseId}/tickets-stats?format=JSON` — keyed in French (docs/vendors/apizee.md
 * "Ticket statistics"). Only the keys meetgraph maps are named; the row keeps every other one.
 */
export interface ApizeeTicketStat {
  ID?: number | string | null;
  Ref?: number | string | null;
  Description?: string | null;
  Demandeur?: string | null;
  Contact?: string | null;
  'Assigné à'?: string | null;
  'Date de début de session'?: string | null;
  'Date de fin'?: string | null;
  'Durée totale des appels (secondes)'?: number | string | null;
  Identifiant?: string | null;
  Appareil?: string | null;
  "Système d'exploitation"?: string | null;
  Navigateur?: string | null;
  [key: string]: unknown;
}
