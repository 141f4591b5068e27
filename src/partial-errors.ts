import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';

export interface PartialError {
  error: Error;
  path: ReadonlyArray<string | number>;
}

export interface PartialErrors {
  add(error: Error, info: GraphQLResolveInfo): void;
  list(): readonly PartialError[];
}

/**
 * The failures a request answered around: a connection FAILED in a list's `sources`, a FAILED gap in a
 * parent's `gaps`. They are data in the response already; resolvers record them here with the path they
 * affected so that a client asking for strict errors (`X-Meetgraph-Errors: strict`) also gets them in
 * `errors` (the partial-errors plugin appends them), and so metrics can count the answer as partial.
 * What a vendor cannot do is never recorded: it is not a failure.
 */
export class PartialErrorCollector implements PartialErrors {
  private readonly items: PartialError[] = [];

  add(error: Error, info: GraphQLResolveInfo): void {
    this.items.push({ error, path: responsePathAsArray(info.path) });
  }

  list(): readonly PartialError[] {
    return this.items;
  }
}
