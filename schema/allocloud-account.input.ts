import { IsBoolean, IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ValidateNested } from 'class-validator';
import { DateTimeScalar } from './scalars.js';
import { IsSafeId, IsSafeText } from './validators.js';

/** ALLOcloud reseller account creation (`POST /account`), as ALLOcloud's tutorial names the fields. */
@InputType()
export class AllocloudAccountInput {
  @Field(() => String, { description: "ALLOcloud's account type, e.g. \"premium\"." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  @IsSafeText()
  accountType!: string;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSafeText()
  adminFirstname!: string;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSafeText()
  adminLastname!: string;

  @Field(() => String)
  @MaxLength(254)
  @IsEmail()
  adminEmail!: string;

  @Field(() => String, { description: 'Language code, e.g. "en".' })
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'must be a language code such as "en" or "de-CH"' })
  adminPreferredLanguage!: string;

  @Field(() => DateTimeScalar)
  paidUntil!: Date;

  @Field(() => Boolean, { defaultValue: false, description: 'Let ALLOcloud mail the admin a password.' })
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

  @Field(() => AllocloudAccountInput)
  @ValidateNested()
  input!: AllocloudAccountInput;
}
