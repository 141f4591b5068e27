import { GraphQLError, type ASTNode } from 'graphql';
import { MeetgraphError } from '../../core/errors.js';

export type LimitName = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost';

/** A request refused before any vendor call because it exceeds one of the configured `limits`. */
export class LimitExceededError extends MeetgraphError {
  constructor(
    readonly limit: LimitName,
    readonly max: number,
    readonly found: number | null,
    message: string,
  ) {
    super('BAD_USER_INPUT', message);
  }

  override extensions(): Record<string, unknown> {
    return { code: this.code, limit: this.limit, max: this.max, ...(this.found === null ? {} : { found: this.found }) };
  }
}

/** The same as a GraphQLError for graphql-js and Apollo (which keep `originalError` for the error formatter). */
export function limitGraphQLError(error: LimitExceededError, nodes?: readonly ASTNode[]): GraphQLError {
  return new GraphQLError(error.message, { nodes, originalError: error, extensions: { ...error.extensions(), http: { status: 400 } } });
}
