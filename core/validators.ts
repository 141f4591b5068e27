import { ValidateBy, type ValidationOptions } from 'class-validator';
import { IANAZone } from 'luxon';

/** Config validators more than one vendor needs. */

/** A real IANA zone name luxon knows (`Europe/Istanbul`, `UTC`); offsets and abbreviations are refused. */
export function IsIanaTimezone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIanaTimezone',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && IANAZone.isValidZone(value),
        defaultMessage: (): string => 'must be an IANA time zone such as Europe/Istanbul',
      },
    },
    options,
  );
}
