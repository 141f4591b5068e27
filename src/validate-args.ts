import { getMetadataStorage, validateSync, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/** type-graphql's own defaults for class-validator, kept: absent optional fields are not checked, plain objects pass. */
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/** Per argument class: whether class-validator has any rule for it (the answer never changes after start). */
const hasRules = new Map<object, boolean>();

function needsValidation(value: object): boolean {
  const target = value.constructor;
  let needed = hasRules.get(target);
  if (needed === undefined) {
    needed = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false).length > 0;
    hasRules.set(target, needed);
  }
  return needed;
}

function check(value: unknown): void {
  if (value === null || typeof value !== 'object' || !needsValidation(value)) return;
  const errors = validateSync(value, OPTIONS);
  if (errors.length > 0) throw new ArgumentValidationError(errors);
}

/**
 * The schema's `validateFn`: class-validator runs only on argument and input classes that declare rules, and
 * synchronously. type-graphql's default path imports class-validator and awaits a validation for every argument
 * of every field resolved (scalars and rule-less classes included), a large share of a small query's CPU.
 * Failures stay `ArgumentValidationError`, so they become BAD_USER_INPUT naming the field as before.
 */
export function validateArgs(argValue: unknown): void {
  if (Array.isArray(argValue)) for (const item of argValue) check(item);
  else check(argValue);
}
