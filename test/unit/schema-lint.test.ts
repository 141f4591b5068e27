import { readFileSync } from 'node:fs';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { Linter } from 'eslint';
import { buildSchema, getNamedType, isInterfaceType, isObjectType, type GraphQLField } from 'graphql';

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

/** Units a frontend developer would otherwise guess at, by the field-name suffix that signals them. */
const UNIT_SUFFIXES: Array<[RegExp, RegExp]> = [
  [/Seconds$/, /\bseconds\b/i],
  [/Minutes$/, /\bminutes\b/i],
  [/Ms$/, /\bmilliseconds\b/i],
  [/Bytes$/, /\bbytes\b/i],
];

describe('schema descriptions state units and time zones', () => {
  const schema = buildSchema(schemaSdl);
  const outputFields: Array<{ path: string; field: GraphQLField<unknown, unknown> }> = Object.values(schema.getTypeMap()).flatMap((t) =>
    !t.name.startsWith('__') && (isObjectType(t) || isInterfaceType(t))
      ? Object.values(t.getFields()).map((field) => ({ path: `${t.name}.${field.name}`, field }))
      : [],
  );

  it('says UTC on every DateTime a client reads', () => {
    const dates = outputFields.filter(({ field }) => getNamedType(field.type).name === 'DateTime');
    expect(dates.length).toBeGreaterThan(10);
    expect(dates.filter(({ field }) => !/\bUTC\b/.test(field.description ?? '')).map(({ path }) => path)).toEqual([]);
  });

  it('names the unit of every duration, latency and size', () => {
    const measured = outputFields.filter(({ field }) => UNIT_SUFFIXES.some(([suffix]) => suffix.test(field.name)));
    const paths = measured.map(({ path }) => path);
    expect(paths).toEqual(expect.arrayContaining(['Session.durationSeconds', 'Meeting.durationMinutes', 'Recording.sizeBytes']));
    const statesUnit = (field: GraphQLField<unknown, unknown>) =>
      UNIT_SUFFIXES.some(([suffix, unit]) => suffix.test(field.name) && unit.test(field.description ?? ''));
    const unitless = measured.filter(({ field }) => !statesUnit(field));
    expect(unitless.map(({ path }) => path)).toEqual([]);
  });
});
