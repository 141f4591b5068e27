/**
 * The error family every layer throws. Each carries the `extensions.code` of docs/architecture.md "Errors";
 * `src/graphql-errors.ts` is the one place that turns them into GraphQL errors.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNSUPPORTED_BY_VENDOR'
  | 'VENDOR_AUTH_FAILED'
  | 'VENDOR_RATE_LIMITED'
  | 'VENDOR_QUOTA_EXCEEDED'
  | 'VENDOR_REJECTED'
  | 'VENDOR_UNAVAILABLE'
  | 'VENDOR_TIMEOUT'
  | 'INTERNAL_SERVER_ERROR';

export class MeetgraphError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Extensions safe to show a client: never a credential, token or raw vendor body. */
  extensions(): Record<string, unknown> {
    return { code: this.code };
  }
}

export class BadUserInputError extends MeetgraphError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('BAD_USER_INPUT', `${field}: ${message}`);
  }

  override extensions(): Record<string, unknown> {
    return { code: this.code, field: this.field };
  }
}

export class NotFoundError extends MeetgraphError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class UnauthenticatedError extends MeetgraphError {
  constructor(message = 'A valid API key is required: send "Authorization: Bearer <key>".') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends MeetgraphError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}
