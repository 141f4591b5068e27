import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * The input rules every argument and input field shares, in one place: text that may be stored at a vendor
 * and shown to people, ids, and the range of accepted dates. Each is checked before any vendor call.
 */

/** Longest id meetgraph accepts (global ids, connection ids); vendors' own ids are far shorter. */
export const MAX_ID_LENGTH = 512;

/** Dates outside this range are refused: vendors mis-store them (one year-0001 date broke an iCalendar feed). */
export const MIN_DATE = new Date('1970-01-01T00:00:00Z');
export const MAX_DATE = new Date('2100-01-01T00:00:00Z');

/** C0 controls, DEL and C1 controls; multi-line text may keep tab, LF and CR. */
/* eslint-disable no-control-regex -- finding control characters is what these patterns are for */
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
/** Bidirectional embedding, override and isolate controls: they make text display as something else. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** A UTF-16 surrogate without its pair: not a character, and not encodable as UTF-8 for a vendor. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `value` is not acceptable text, or null. */
export function textProblem(value: string, multiline = false): string | null {
  if ((multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) {
    return multiline ? 'must not contain control characters' : 'must be a single line without control characters';
  }
  if (BIDI_CONTROL.test(value)) return 'must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069)';
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}

function rule(name: string, check: (value: unknown) => string | null, options?: ValidationOptions) {
  const problemOf = (value: unknown): string | null => (value === null || value === undefined ? null : check(value));
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: {
        // With `each`, args.value is the whole array: name the first element at fault.
        message: (args: ValidationArguments) => {
          if (options?.each && Array.isArray(args.value)) {
            const index = args.value.findIndex((v) => problemOf(v) !== null);
            return index < 0 ? 'is not valid' : `[${index}] ${problemOf(args.value[index])}`;
          }
          return problemOf(args.value) ?? 'is not valid';
        },
        ...options,
      },
      validator: {
        validate: (value: unknown): boolean => problemOf(value) === null,
      },
    });
  };
}

/** Human text (titles, names, search, passwords): no control, bidi or lone-surrogate characters; `multiline` keeps tab/LF/CR. */
export function IsSafeText(settings: { multiline?: boolean } = {}, options?: ValidationOptions) {
  return rule('isSafeText', (value) => (typeof value === 'string' ? textProblem(value, settings.multiline) : 'must be a string'), options);
}

/** An id or connection id: 1 to MAX_ID_LENGTH characters, one line, no control characters. */
export function IsSafeId(options?: ValidationOptions) {
  return rule(
    'isSafeId',
    (value) => {
      if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty id';
      if (value.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters (got ${value.length})`;
      return textProblem(value);
    },
    options,
  );
}

/** A JSON value (vendor settings): every string in it is safe text, and it stays small. */
export function IsSafeJson(maxLength = 10_000, options?: ValidationOptions) {
  return rule(
    'isSafeJson',
    (value) => {
      const text = JSON.stringify(value) ?? '';
      if (text.length > maxLength) return `must be at most ${maxLength} characters as JSON`;
      const strings: string[] = [];
      JSON.parse(text, (key, v: unknown) => {
        strings.push(key);
        if (typeof v === 'string') strings.push(v);
        return v;
      });
      for (const s of strings) {
        const problem = textProblem(s, true);
        if (problem) return problem;
      }
      return null;
    },
    options,
  );
}

/**
 * Refuses dates outside MIN_DATE..MAX_DATE; used by the DateTime scalar, so every input is covered. A plain
 * TypeError on purpose: graphql-js then adds the value's location and the expected type to the message.
 */
export function checkDateRange(value: Date): Date {
  if (!(value.getTime() >= MIN_DATE.getTime() && value.getTime() <= MAX_DATE.getTime())) {
    throw new TypeError(`DateTime must be between ${MIN_DATE.toISOString()} and ${MAX_DATE.toISOString()}.`);
  }
  return value;
}

/** `endsAt` must come after `startsAt` when both are given. */
export function IsAfter(property: string, options?: ValidationOptions) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isAfter',
      target: target.constructor,
      propertyName,
      constraints: [property],
      options: { message: `must be after ${property}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const other = (args.object as Record<string, unknown>)[property];
          if (!(value instanceof Date) || !(other instanceof Date)) return true;
          return value.getTime() > other.getTime();
        },
      },
    });
  };
}
