/**
 * Raw ALLOcloud Web Meeting (API v6, a Veeting Rooms white-label) shapes, as described in docs/vendors/allocloud.md
 * after the vendor's published API tutorial. Only what meetgraph reads or sends is typed strictly; everything else
 * stays in `raw`.
 */

/** Every JSON reply (docs/vendors/allocloud.md "Replies and errors"): `responseCode` 0 is success, any other value a failure. */
export interface AllocloudEnvelope<T> {
  responseCode: number;
  /** Localized text on failures (the legacy Veeting scheme). */
  responseMessage?: string | null;
  data: T;
}

/** `POST /account` body (tutorial "Create account"). */
export interface AllocloudCreateAccountInput {
  accountType: string;
  adminFirstname: string;
  adminLastname: string;
  adminEmail: string;
  adminPreferredLanguage: string;
  /** Sent as UTC ISO with milliseconds. */
  paidUntil: Date;
  sendPassword: boolean;
}

/** The wire body of `POST /account`: `paidUntil` already serialized. */
export type AllocloudCreateAccountBody = Omit<AllocloudCreateAccountInput, 'paidUntil'> & { paidUntil: string };

/** `POST /account` reply `data` (tutorial "Create account"); only the fields meetgraph maps are typed. */
export interface AllocloudAccount {
  id: string;
  name: string;
  accountType: string;
  numberOfMeetings: number;
  numberOfMeetingOrganizers?: number;
  numberOfMeetingRooms?: number;
  paidUntil: string | null;
  [key: string]: unknown;
}

/** What `createAccount` returns: the mapped account plus the vendor payload. */
export interface AllocloudAccountRecord {
  id: string;
  name: string;
  accountType: string;
  numberOfMeetings: number | null;
  paidUntil: Date | null;
  raw: unknown;
}

/** One element of `GET /account/admin/{accountId}` reply `data` (tutorial "Retrieve the account admin"). */
export interface AllocloudOrganizer {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  externalUserId?: string | null;
  preferredLanguage?: string | null;
  /** IANA zone; meetgraph uses it for floating feed times. */
  timezone: string | null;
  additionalTimezones?: string[];
  icsToken: string;
  /** Origin-relative path of the organizer's iCalendar feed, e.g. `/api/v6/meeting/calender/user/<token>` (sic). */
  icsPath: string;
}

/**
 * An invited participant. The tutorial only shows empty arrays, so both plausible shapes are accepted:
 * a bare email string, or an object with `email` and some name fields.
 */
export type AllocloudInvitedParticipant =
  | string
  | {
      email?: string | null;
      name?: string | null;
      displayName?: string | null;
      firstName?: string | null;
      lastName?: string | null;
      [key: string]: unknown;
    };

export interface AllocloudRecurring {
  frequencyType?: string;
  frequency?: number | null;
  monthlyPattern?: string;
  endsType?: string;
  endsOn?: string | null;
  endsAfter?: number;
}

/** Meeting as returned by `POST /meeting` and `PUT /meeting/{id}/false` (tutorial "Creating meetings"). */
export interface AllocloudMeeting {
  id: string;
  /** Human dial code, e.g. `9974-7653-8886-0485`. */
  meetingId?: string | null;
  topic: string;
  startTime: string | null;
  endTime: string | null;
  /** Quirk: minutes as a STRING ("60") in replies, although requests send a number. */
  duration: string | number | null;
  type?: string | null;
  roomId?: string | null;
  isRecurring?: boolean;
  recurring?: AllocloudRecurring | null;
  isRecorded?: boolean;
  isDialin?: boolean;
  agenda?: string | null;
  invitedParticipants?: AllocloudInvitedParticipant[] | null;
  videoResolution?: string | null;
  timezone?: string | null;
  isActive?: boolean;
  isClosed?: boolean;
  isOpen?: boolean;
  dtClosedAt?: string | null;
  addedByUserId?: string | null;
  addedByUserEmail?: string | null;
  addedByUserName?: string | null;
  accountId?: string | null;
  meetingPermissionId?: string | null;
  [key: string]: unknown;
}

/**
 * The body of `POST /meeting` and `PUT /meeting/{id}/false` (tutorial "Creating meetings" / "Updating meetings").
 * The tutorial's update sends every field of the create body, so an update carries them all (read, modify, write).
 */
export interface AllocloudMeetingBody {
  /** Only on update: the tutorial sends the id in the body as well as in the path. */
  id?: string;
  topic: string;
  startTime: string;
  endTime: string;
  /** A number in requests (tutorial), a string in replies. */
  duration: number;
  /** `standard` on create; on update the meeting's own type is sent back unchanged. */
  type: string;
  isRecurring: boolean;
  isRecorded: boolean;
  isDialin: boolean;
  agenda?: string;
  invitedParticipants: AllocloudInvitedParticipant[];
  recurring: AllocloudRecurring | Record<string, never>;
  meetingPermissionId: string | null;
}
