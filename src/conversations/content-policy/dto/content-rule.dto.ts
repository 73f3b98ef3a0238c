import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsFQDN, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { RULE_ACTIONS, RULE_KINDS, type RuleAction, type RuleKind } from '../store/entities/content-rule.entity';

export const PII_DETECTORS = ['email', 'phone', 'card'] as const;
export const LINK_MODES = ['allow', 'deny'] as const;

/** The fields of a rule that say what it looks for (which apply depends on `kind`). */
class RuleFields {
  /** A label for moderators. */
  @Optional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiProperty({ enum: RULE_ACTIONS, required: false })
  @Optional()
  @IsIn(RULE_ACTIONS)
  action?: RuleAction;

  @Optional()
  @IsBoolean()
  enabled?: boolean;

  /** `words`: words and phrases, matched whole after folding (case, accents, confusables, zero-width and spaced-out letters). */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  words?: string[];

  /** `regex`: an RE2 pattern (no backreferences or lookaround), matched case-insensitively on the text as written. */
  @Optional()
  @IsString()
  @Length(1, 500)
  pattern?: string;

  /** `links`: `deny` matches links to the domains (subdomains included), `allow` matches links to any other. */
  @ApiProperty({ enum: LINK_MODES, required: false })
  @Optional()
  @IsIn(LINK_MODES)
  link_mode?: 'allow' | 'deny';

  /** `links`: domains such as `example.com`. */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsFQDN({ require_tld: false }, { each: true })
  @MaxLength(253, { each: true })
  domains?: string[];

  /** `pii`: which personal data to detect. */
  @ApiProperty({ enum: PII_DETECTORS, isArray: true, required: false, maxItems: PII_DETECTORS.length })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PII_DETECTORS.length)
  @IsIn(PII_DETECTORS, { each: true })
  detectors?: ('email' | 'phone' | 'card')[];

  /** `pii` with `phone`: the region (ISO 3166 alpha-2, e.g. `US`) whose national numbers to detect; null: international (+...) numbers only. */
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: 2, pattern: '^[A-Z]{2}$' })
  @Optional({ nullable: true })
  @IsString()
  @Matches(/^[A-Z]{2}$/)
  phone_region?: string | null;
}

export class CreateContentRuleDto extends RuleFields {
  @ApiProperty({ enum: RULE_KINDS })
  @IsIn(RULE_KINDS)
  kind: RuleKind;

  @ApiProperty({ enum: RULE_ACTIONS })
  @IsIn(RULE_ACTIONS)
  declare action: RuleAction;
}

/** Any of the fields; the kind stays. */
export class UpdateContentRuleDto extends RuleFields {}
