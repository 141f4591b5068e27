import { GraphQLError, Kind, type ASTNode, type GraphQLFormattedError, type ValueNode, type ValidationRule } from 'graphql';
import { LimitExceededError } from './limit-error.js';

/**
 * graphql-js refuses bad input before any resolver runs (a literal that does not coerce fails validation, a
 * variable fails coercion), but names no field and echoes the value whole. This turns those errors into
 * meetgraph's BAD_USER_INPUT shape: `extensions.field` is the argument path (`filter.from`,
 * `input.participants[2].email`) or, for a variable, the variable's path (`first`, `input.startsAt`), and
 * long echoed values are cut.
 */

/** Where each argument value node sits, recorded while validating; keyed by AST node, so it goes with the document. */
const VALUE_PATHS = new WeakMap<ASTNode, string>();

function recordValue(node: ValueNode, path: string): void {
  VALUE_PATHS.set(node, path);
  if (node.kind === Kind.OBJECT) for (const field of node.fields) recordValue(field.value, `${path}.${field.name.value}`);
  else if (node.kind === Kind.LIST) node.values.forEach((value, i) => recordValue(value, `${path}[${i}]`));
}

/** A validation rule that reports nothing: it records the path of every argument value for `inputErrorOf`. */
export const ArgumentPathsRule: ValidationRule = () => ({
  Argument(node) {
    recordValue(node.value, node.name.value);
  },
});

/** An echoed string longer than this is cut; a 900 KB id is never sent back whole. */
export const MAX_ECHO = 64;

/** Cuts every long quoted string in a message (`"abc…" (900000 characters)`), then any long unquoted run. */
export function truncateEchoes(message: string): string {
  return message
    .replace(/"((?:[^"\\]|\\.)*)"/g, (match, inner: string) =>
      inner.length > MAX_ECHO ? `"${inner.slice(0, MAX_ECHO)}…" (${inner.length} characters)` : match,
    )
    .replace(new RegExp(`[^\\s"…]{${MAX_ECHO + 1},}`, 'g'), (run) => `${run.slice(0, MAX_ECHO)}… (${run.length} characters)`);
}

const SUGGESTION = / ?Did you mean (?:the enum value )?[^?]*\?/g;
const VARIABLE_VALUE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value .*? at "([^"]+)";/s;
const VARIABLE_NAMED = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/;
const TOKENS = /Document contains more that (\d+) tokens/;

/** The value node a framework error points at, whichever wrapper carries it. */
function firstNode(error: unknown): ASTNode | undefined {
  for (let e: unknown = error; e instanceof GraphQLError; e = e.originalError) {
    if (e.nodes?.length) return e.nodes[0];
  }
  return undefined;
}

export interface InputErrorOptions {
  /** Strip "Did you mean …?" (whenever introspection is off). */
  hideSuggestions: boolean;
}

/**
 * The formatted error for a graphql-js input refusal or token-limit parse error, or null when `formatted`
 * is something else. `error` is what Apollo passes the formatter (its wrapper around graphql-js's error).
 */
export function inputErrorOf(formatted: GraphQLFormattedError, error: unknown, options: InputErrorOptions): GraphQLFormattedError | null {
  const code = formatted.extensions?.code;
  const base = { locations: formatted.locations, path: formatted.path };
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKENS.exec(formatted.message) : null;
  if (tokens) {
    const max = Number(tokens[1]);
    const message = `The query has more than ${max} tokens, the limit; it was not parsed further or run.`;
    const limit = new LimitExceededError('tokens', max, null, message);
    return { ...base, message: limit.message, extensions: limit.extensions() };
  }

  let field: string | undefined;
  if (code === 'BAD_USER_INPUT') {
    const variable = VARIABLE_VALUE.exec(formatted.message);
    field = variable ? variable[2] : VARIABLE_NAMED.exec(formatted.message)?.[1];
  } else if (code === 'GRAPHQL_VALIDATION_FAILED') {
    const node = firstNode(error);
    field = node ? VALUE_PATHS.get(node) : undefined;
  }
  if (field === undefined) return null;
  let message = truncateEchoes(formatted.message);
  if (options.hideSuggestions) message = message.replace(SUGGESTION, '');
  return { ...base, message, extensions: { code: 'BAD_USER_INPUT', field } };
}
