import {
  errorForHttpStatus,
  VendorAuthFailedError,
  VendorProtocolError,
  VendorRateLimitedError,
  VendorUnavailableError,
  type VendorError,
  type VendorErrorSource,
} from '../vendor-errors.js';

/**
 * THE mapping of Alpemix `errornumber`s (docs/vendors/alpemix.md "Error numbers", published page "Explanations
 * of Error Codes"). Every documented number appears exactly once; the client consults nothing else.
 * - auth: the credentials are wrong → VENDOR_AUTH_FAILED.
 * - reauth: the token is unusable (other IP / expired / invalid) → VENDOR_AUTH_FAILED if it persists.
 * - rate: a vendor limit was hit → VENDOR_RATE_LIMITED (meetgraph's own budget should prevent it).
 * - bug: meetgraph sent a malformed request → INTERNAL_SERVER_ERROR via VendorProtocolError.
 * - unavailable: a server-side failure → VENDOR_UNAVAILABLE, retryable.
 * `newToken`: the number may mean the cached token is no longer accepted, so the client drops it, fetches a new
 * one and reissues the call once (within the budget); a second such answer surfaces as the mapped error.
 */
export type AlpemixErrorKind = 'auth' | 'reauth' | 'rate' | 'bug' | 'unavailable';

export interface AlpemixErrorEntry {
  kind: AlpemixErrorKind;
  meaning: string;
  newToken?: true;
}

export const ALPEMIX_ERROR_NUMBERS: Readonly<Record<number, AlpemixErrorEntry>> = {
  200: { kind: 'auth', meaning: 'no record matches the main username or secret key' },
  201: { kind: 'reauth', meaning: 'the access token was sent from a different IP address', newToken: true },
  202: { kind: 'reauth', meaning: 'the access token has expired', newToken: true },
  203: { kind: 'reauth', meaning: 'the access token is not valid', newToken: true },
  204: { kind: 'rate', meaning: 'the access-token request limit (5 a minute) was exceeded and the IP address is blocked' },
  205: { kind: 'rate', meaning: 'the report request limit (3 a minute) was exceeded' },
  100: { kind: 'bug', meaning: 'stepnumber was not sent' },
  101: { kind: 'bug', meaning: 'stepnumber is wrong' },
  102: { kind: 'auth', meaning: 'the secret key or main username is incorrect' },
  103: { kind: 'unavailable', meaning: 'an unexpected server-side error occurred' },
  104: { kind: 'auth', meaning: 'the secret key or main username is not in a secure format' },
  105: { kind: 'unavailable', meaning: 'an unexpected error occurred while creating the access token' },
  // Guess (docs/vendors/alpemix.md "Error numbers"): the page does not say which of the two fields was wrong.
  // meetgraph always sends a documented requestnumber, so the token is the likelier culprit: it is dropped and
  // renewed once; if 106 comes back with a fresh token, the request itself is wrong (a meetgraph bug).
  106: { kind: 'bug', meaning: 'accesstoken or requestnumber was entered incorrectly', newToken: true },
  107: { kind: 'bug', meaning: 'requestnumber is undefined' },
  108: { kind: 'unavailable', meaning: 'the server-side database connection failed' },
};

/** The error numbers after which a fresh token and one reissue may help: 201, 202, 203 and 106. */
export function needsNewToken(n: unknown): boolean {
  return typeof n === 'number' && ALPEMIX_ERROR_NUMBERS[n]?.newToken === true;
}

/** Seconds a caller should wait after the vendor's own 204/205: its limits are per minute. */
export const ALPEMIX_LIMIT_WINDOW_SECONDS = 60;

/** A non-zero `errornumber` → the unified error. The message quotes the doc's meaning, never the body. */
export function alpemixError(source: VendorErrorSource, errornumber: number): VendorError {
  const entry = ALPEMIX_ERROR_NUMBERS[errornumber];
  const options = { upstreamStatus: errornumber };
  if (!entry) return new VendorProtocolError(source, `Alpemix answered with undocumented error number ${errornumber}.`, options);
  const message = `Alpemix error ${errornumber}: ${entry.meaning}.`;
  switch (entry.kind) {
    case 'auth':
    case 'reauth':
      return new VendorAuthFailedError(source, message, options);
    case 'rate':
      return new VendorRateLimitedError(source, message, { ...options, retryAfterSeconds: ALPEMIX_LIMIT_WINDOW_SECONDS });
    case 'bug':
      return new VendorProtocolError(source, `${message} This is a meetgraph bug.`, options);
    case 'unavailable':
      return new VendorUnavailableError(source, message, options);
  }
}

/**
 * A non-2xx answer without an error number (docs/vendors/alpemix.md "Transport": a choice — non-2xx is a failure too). 5xx, 429,
 * 408/504, 401/403 keep their generic meaning; any other 4xx means meetgraph and the endpoint disagree about
 * the protocol (wrong baseUrl or a changed API), which no caller can fix by changing the input.
 */
export function alpemixHttpError(source: VendorErrorSource, status: number, retryAfter: number | null): VendorError {
  const message = `Alpemix answered HTTP ${status}.`;
  if (status >= 500 || status === 429 || status === 408 || status === 401 || status === 403) {
    return errorForHttpStatus(source, status, message, retryAfter);
  }
  return new VendorProtocolError(source, `${message} Check the connection's baseUrl.`, { upstreamStatus: status });
}
