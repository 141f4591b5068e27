/**
 * Raw Alpemix Web API shapes (docs/vendors/alpemix.md; the vendor's page is reached from
 * https://www.alpemix.com/webapi/login.htm). One endpoint, `POST {baseUrl}`, JSON in and out.
 */

/** Step 1 ("Getting Access Token"). */
export interface AlpemixTokenRequest {
  stepnumber: 1;
  secretkey: string;
  mainusername: string;
}

/** Step 2 ("Getting the Connection Report"): requestnumber 1 = today (lastxconnection 0 = all, N = last N), 2 = yesterday. */
export type AlpemixReportRequest =
  | { stepnumber: 2; accesstoken: string; requestnumber: 1; lastxconnection: number }
  | { stepnumber: 2; accesstoken: string; requestnumber: 2 };

/** Every answer carries `errornumber`; 0 is success, anything else an error from the doc's table. */
export interface AlpemixEnvelope {
  errornumber: number;
}

export interface AlpemixTokenResponse extends AlpemixEnvelope {
  accesstoken?: string;
}

export interface AlpemixReportResponse extends AlpemixEnvelope {
  results?: AlpemixConnection[];
}

/**
 * One connection of the report. Quirks (doc "Explanation of Keys"):
 * - the duration key is literally `"dur:"` (with the colon) in the doc's sample; `dur` is accepted too;
 * - `dt` is `"hh:mm:ss dd\mm\yyyy"` with BACKSLASHES and no time zone.
 * Fields are typed loosely (string | number) because the doc gives only "String type"/"integer type" prose.
 */
export interface AlpemixConnection {
  uid?: string | number;
  dt?: string;
  'dur:'?: number | string;
  dur?: number | string;
  dir?: number | string;
  exp?: string;
  supnum?: string;
  uname?: string;
  ip?: string;
  lip?: string;
  unum?: string;
  aid?: string;
  tuname?: string;
  tip?: string;
  tlip?: string;
  tunum?: string;
  taid?: string;
}

/** Which day a report call asks for: the vendor only has today and yesterday. */
export type AlpemixDay = 'today' | 'yesterday';
