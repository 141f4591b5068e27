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
 * THE mapping of Alpemix `errornumber`s (contract "Error numbers", published page "Explanations of Error
 * Codes"). Every documented number appears exactly once; the client consults nothing else.
 * - auth: the credentials are wrong → VENDOR_AUTH_FAILED.
 * - reauth: the token is unusable (other IP / expired / invalid) → the client fetches a new token and reissues
 *   the call once; if it happens again, VENDOR_AUTH_FAILED.
 * - rate: a vendor limit was hit → VENDOR_RATE_LIMITED (meetgraph's own budget should prevent it).
 * - bug: meetgraph sent a malformed request → INTERNAL_SERVER_ERROR via VendorProtocolError.
 * - unavailable: a server-side failure → VENDOR_UNAVAILABLE, retryable.
 */
export type AlpemixErrorKind = 'auth' | 'reauth' | 'rate' | 'bug' | 'unavailable';

export const ALPEMIX_ERROR_NUMBERS: Readonly<Record<number, { kind: AlpemixErrorKind; meaning: string }>> = {
  200: { kind: 'auth', meaning: 'no record matches the main username or secret key' },
  201: { kind: 'reauth', meaning: 'the access token was sent from a different IP address' },
  202: { kind: 'reauth', meaning: 'the access token has expired' },
  203: { kind: 'reauth', meaning: 'the access token is not valid' },
  204: { kind: 'rate', meaning: 'the access-token request limit (5 a minute) was exceeded and the IP address is blocked' },
  205: { kind: 'rate', meaning: 'the report request limit (3 a minute) was exceeded' },
  100: { kind: 'bug', meaning: 'stepnumber was not sent' },
  101: { kind: 'bug', meaning: 'stepnumber is wrong' },
  102: { kind: 'auth', meaning: 'the secret key or main username is incorrect' },
  103: { kind: 'unavailable', meaning: 'an unexpected server-side error occurred' },
  104: { kind: 'auth', meaning: 'the secret key or main username is not in a secure format' },
  105: { kind: 'unavailable', meaning: 'an unexpected error occurred while creating the access token' },
  106: { kind: 'bug', meaning: 'accesstoken or requestnumber was entered incorrectly' },
  107: { kind: 'bug', meaning: 'requestnumber is undefined' },
  108: { kind: 'unavailable', meaning: 'the server-side database connection failed' },
};

/** The error numbers after which a fresh token and one reissue may help. */
export function isReauthNumber(n: unknown): boolean {
  return typeof n === 'number' && ALPEMIX_ERROR_NUMBERS[n]?.kind === 'reauth';
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
 * A non-2xx answer without an error number (contract: *choice* — also treat non-2xx as failure). 5xx, 429,
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
