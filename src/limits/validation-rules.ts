import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { LimitExceededError, limitGraphQLError, type LimitName } from './limit-error.js';
import type { LimitsConfig } from './limits-config.js';

const DESCRIPTION: Record<Exclude<LimitName, 'tokens' | 'cost'>, string> = {
  depth: 'fields nested deeper than',
  aliases: 'more aliased fields than',
  directives: 'more directives than',
};

/**
 * graphql-armor reports a refusal as a plain "Syntax Error: …" GraphQLError; meetgraph answers every
 * exceeded limit the same way instead (BAD_USER_INPUT, `extensions.limit`). The rules report through the
 * validation context rather than throwing, so graphql-js keeps validating and Apollo answers 400.
 */
function reportAs(limit: keyof typeof DESCRIPTION, max: number) {
  return (context: ValidationContext | null, armorError: GraphQLError): void => {
    const found = /found (\d+)/.exec(armorError.message)?.[1];
    const count = found === undefined ? null : Number(found);
    const error = new LimitExceededError(
      limit,
      max,
      count,
      `The query has ${DESCRIPTION[limit]} the limit of ${max}${count === null ? '' : ` (found ${count})`}; it was not run.`,
    );
    context?.reportError(limitGraphQLError(error));
  };
}

/**
 * Depth, aliases and directives, counted over the operation with every fragment spread expanded (a fragment
 * spread ten times counts ten times; inline fragments and spreads add no depth of their own).
 */
export function limitValidationRules(limits: Pick<LimitsConfig, 'depth' | 'aliases' | 'directives'>): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({
      ...common,
      n: limits.depth,
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: [reportAs('depth', limits.depth)],
    }),
    maxAliasesRule({ ...common, n: limits.aliases, onReject: [reportAs('aliases', limits.aliases)] }),
    maxDirectivesRule({ ...common, n: limits.directives, onReject: [reportAs('directives', limits.directives)] }),
  ] as ValidationRule[];
}
