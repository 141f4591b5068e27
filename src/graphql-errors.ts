import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { MeetgraphError } from '../core/errors.js';
import { inputErrorOf, type InputErrorOptions } from './limits/input-errors.js';
import type { Logger } from '../core/logger.js';
import { scrubSecrets } from '../core/secrets.js';

export interface FieldProblem {
  field: string;
  message: string;
}

/** class-validator errors as `input.title: must be shorter…` lines, without the offending values (they may be passwords). */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message });
    }
    if (error.children?.length) out.push(...fieldProblems(error.children, field));
  }
  return out;
}

/** Codes graphql-js and Apollo Server assign themselves; their messages are safe to pass on. */
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/**
 * The one place errors become GraphQL errors (docs/architecture.md, "Errors"): meetgraph's family keeps its code and
 * extensions; argument validation becomes BAD_USER_INPUT naming the field; anything unexpected becomes
 * INTERNAL_SERVER_ERROR with a generic message and is logged. Every message is scrubbed of known secrets.
 */
export function createErrorFormatter(logger: Logger, options: InputErrorOptions = { hideSuggestions: false }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    const base = { locations: formatted.locations, path: formatted.path };

    if (original instanceof MeetgraphError) {
      return { ...base, message: scrubSecrets(original.message), extensions: original.extensions() };
    }
    if (original instanceof ArgumentValidationError || error instanceof ArgumentValidationError) {
      const validation = (original instanceof ArgumentValidationError ? original : (error as ArgumentValidationError)).extensions
        .validationErrors;
      const problems = fieldProblems(validation);
      const first = problems[0];
      const message = first ? problems.map((p) => `${p.field}: ${p.message}`).join('; ') : 'Invalid argument.';
      return { ...base, message: scrubSecrets(message), extensions: { code: 'BAD_USER_INPUT', field: first?.field ?? null, problems } };
    }
    const input = inputErrorOf(formatted, error, options);
    if (input) return { ...input, message: scrubSecrets(input.message) };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && FRAMEWORK_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message: scrubSecrets(formatted.message), extensions };
    }
    logger.error(
      {
        err:
          original instanceof Error
            ? { name: original.name, message: scrubSecrets(original.message), stack: original.stack }
            : String(original),
        path: formatted.path,
      },
      'unexpected error',
    );
    return { ...base, message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
