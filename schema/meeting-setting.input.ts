import { IsDefined, IsString, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { JSONScalar } from './scalars.js';
import { IsSafeJson } from './validators.js';

@InputType({ description: "A vendor setting by the vendor's own name; each vendor checks names and values." })
export class MeetingSettingInput {
  @Field(() => String)
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'must be a setting name (letters, digits, "_", "." or "-")' })
  name!: string;

  @Field(() => JSONScalar)
  @IsDefined()
  @IsSafeJson()
  value!: unknown;
}
