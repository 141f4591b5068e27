import { readFileSync } from 'node:fs';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { Linter } from 'eslint';

/**
 * The published schema documents itself: @graphql-eslint's `require-description` over schema/schema.graphql
 * (which the drift test keeps equal to what the code builds) for every type, field, argument, input field,
 * enum value and directive. The playground's docs pane and every generated client read these descriptions.
 */
const SCHEMA_FILE = 'schema/schema.graphql';
const schemaSdl = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8');

const REQUIRE_DESCRIPTION = {
  types: true,
  FieldDefinition: true,
  InputValueDefinition: true,
  EnumValueDefinition: true,
  DirectiveDefinition: true,
} as const;

const config: Linter.Config[] = [
  {
    files: ['**/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser },
    plugins: { '@graphql-eslint': graphqlPlugin as never },
    rules: { '@graphql-eslint/require-description': ['error', REQUIRE_DESCRIPTION] },
  },
];

function lint(sdl: string): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(sdl, config, { filename: SCHEMA_FILE });
}

/** Removes the description block right above the line that starts with `declaration` (after indentation). */
function dropDescriptionOf(sdl: string, declaration: string): string {
  const lines = sdl.split('\n');
  const at = lines.findIndex((line) => line.trim().startsWith(declaration));
  if (at < 0) throw new Error(`no line starts with ${declaration}`);
  let start = at - 1;
  if (!lines[start]?.trim().endsWith('"""')) throw new Error(`${declaration} has no block description to drop`);
  // A one-line block is `"""text"""`; a longer one opens with a line that is only `"""`.
  if (!/^\s*""".+"""$/.test(lines[start] ?? '')) {
    start -= 1;
    while (start >= 0 && lines[start]?.trim() !== '"""') start -= 1;
  }
  lines.splice(start, at - start);
  return lines.join('\n');
}

describe('schema lint (@graphql-eslint require-description)', () => {
  it('finds no missing description in schema/schema.graphql', () => {
    const messages = lint(schemaSdl);
    expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
  });

  it.each([
    ['a type', 'type Meeting implements Node', /type "Meeting"/],
    ['a root field', 'connections: [VendorConnection!]!', /field "connections" in type "Query"/],
    ['a field', 'participantCount: Int', /field "participantCount" in type "Session"/],
    ['an argument', 'orderBy: MeetingOrder! = STARTS_AT_DESC', /input value "orderBy" in field "meetings"/],
    ['an input field', 'adminEmail: String!', /input value "adminEmail" in input "AllocloudAccountInput"/],
    ['an enum value', 'VIDEO_ASSISTANCE', /enum value "VIDEO_ASSISTANCE" in enum "ConnectionMode"/],
  ])('reports %s without a description', (_what, declaration, expected) => {
    const planted = dropDescriptionOf(schemaSdl, declaration);
    expect(planted).not.toBe(schemaSdl);
    const messages = lint(planted);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ruleId).toBe('@graphql-eslint/require-description');
    expect(messages[0]?.message).toMatch(expected);
  });
});
