import type { VendorDatasource } from '../../datasources/vendor.js';
import type { RequestContext } from '../context.js';
import { MeetgraphError } from '../../core/errors.js';
import { VendorError } from '../../datasources/vendor-errors.js';

export type SourceStateValue = 'COMPLETE' | 'PARTIAL' | 'FAILED' | 'UNSUPPORTED';

export interface SourceErrorView {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterSeconds: number | null;
}

/** One connection's part in a list answer: what `sources` shows. */
export interface SourceReport {
  connection: VendorDatasource;
  state: SourceStateValue;
  error: SourceErrorView | null;
  message: string | null;
  /** When the data was fetched from the vendor (the oldest read used); absent or null when nothing answered. */
  fetchedAt?: Date | null;
}

/** When the oldest vendor data this request read from the connection was fetched; null before any read. */
export function fetchedAtOf(ctx: RequestContext, connection: VendorDatasource): Date | null {
  const at = ctx.call.memo.forConnection(connection.connectionId).fetchedAt;
  return at === null ? null : new Date(at);
}

/** The client-safe view of an error: meetgraph's own codes and messages; anything unexpected is masked. */
export function sourceErrorView(error: unknown): SourceErrorView {
  if (error instanceof VendorError) {
    return { code: error.code, message: error.message, retryable: error.retryable, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof MeetgraphError) return { code: error.code, message: error.message, retryable: false, retryAfterSeconds: null };
  return {
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Internal error while asking this connection.',
    retryable: false,
    retryAfterSeconds: null,
  };
}

/** What a vendor cannot do is UNSUPPORTED, never a failure; anything else that went wrong is FAILED. */
export function failureState(view: SourceErrorView): 'FAILED' | 'UNSUPPORTED' {
  return view.code === 'UNSUPPORTED_BY_VENDOR' ? 'UNSUPPORTED' : 'FAILED';
}
