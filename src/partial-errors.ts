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
 * A vendor that fails inside a list must not sink the rest of the answer, yet its error belongs in `errors`
 * with the path it affected (DESIGN.md §3). Resolvers record such errors here while returning the data they
 * have; the partial-errors plugin appends them to the response.
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
