import { IsDefined, IsString, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { JSONScalar } from './scalars.js';
import { IsSafeJson } from './validators.js';

@InputType({ description: "A vendor setting by the vendor's own name; each vendor checks names and values." })
export class MeetingSettingInput {
  @Field(() => String, {
    description: "The vendor's setting name (letters, digits, _ . -), e.g. mute_on_start for VConnct or activeParticipants for alfaview.",
  })
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'must be a setting name (letters, digits, "_", "." or "-")' })
  name!: string;

  @Field(() => JSONScalar, {
    description: 'The value in the type the vendor expects: VConnct settings are booleans, alfaview quotas non-negative integers.',
  })
  @IsDefined()
  @IsSafeJson()
  value!: unknown;
}
