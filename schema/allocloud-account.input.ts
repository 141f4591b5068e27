import { IsBoolean, IsEmail, IsNotEmpty, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';
import { IsSafeId, IsSafeText } from './validators.js';

/** ALLOcloud reseller account creation (`POST /account`), as ALLOcloud's tutorial names the fields. */
@InputType({ description: 'A new ALLOcloud customer account and its first administrator (ALLOcloud `POST /account`).' })
export class AllocloudAccountInput {
  @Field(() => String, { description: 'ALLOcloud\'s account type, e.g. "premium"; at most 50 characters.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  @IsSafeText()
  accountType!: string;

  @Field(() => String, { description: "First name of the new account's administrator." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSafeText()
  adminFirstname!: string;

  @Field(() => String, { description: "Last name of the new account's administrator." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSafeText()
  adminLastname!: string;

  @Field(() => String, { description: "Email address of the new account's administrator; ALLOcloud sends the login there." })
  @MaxLength(254)
  @IsEmail()
  adminEmail!: string;

  @Field(() => String, { description: 'Language code for the administrator, e.g. "en" or "de-CH".' })
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'must be a language code such as "en" or "de-CH"' })
  adminPreferredLanguage!: string;

  @Field(() => DateTimeScalar, { description: 'End of the paid period, ISO-8601 (sent to ALLOcloud in UTC).' })
  paidUntil!: Date;

  @Field(() => Boolean, { defaultValue: false, description: 'Let ALLOcloud mail the admin a password (default false).' })
  @IsBoolean()
  sendPassword!: boolean;
}

@ArgsType()
export class CreateAllocloudAccountArgs {
  @Field(() => ID, { description: 'An ALLOcloud connection (config id or VendorConnection id) whose key may create accounts.' })
  @IsString()
  @IsNotEmpty()
  @IsSafeId()
  connectionId!: string;

  @Field(() => AllocloudAccountInput, { description: 'The account to create.' })
  @ValidateNested()
  input!: AllocloudAccountInput;
}
