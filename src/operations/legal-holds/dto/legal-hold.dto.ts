import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import type { LegalHoldRow } from '../store/legal-holds.repository';

/** At most this many users, and as many rooms, per hold (one statement checks them all). */
export const HOLD_TARGETS_MAX = 1000;

/** A new legal hold: a whole organization, or at least one user or room. */
export class CreateLegalHoldDto {
  /** A name to find it by (the matter, the case number). */
  @IsString()
  @TextLength(1, 150)
  name: string;

  /** Why the records are kept (kept with the hold and in the audit log). */
  @IsString()
  @TextLength(1, 2000)
  reason: string;

  /** Users whose messages are held, in every room. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(HOLD_TARGETS_MAX)
  @IsUUID('all', { each: true })
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: HOLD_TARGETS_MAX })
  user_ids?: string[];

  /** Rooms whose messages are held (whoever sent them); a held room cannot be deleted. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(HOLD_TARGETS_MAX)
  @IsUUID('all', { each: true })
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: HOLD_TARGETS_MAX })
  room_ids?: string[];

  /**
   * An organization held whole: every record of it (its rooms, which then cannot be deleted, and
   * their messages). Its own administrators and the deployment's operators may place it.
   */
  @Optional()
  @IsUUID('all')
  @ApiProperty({ type: String, format: 'uuid', required: false })
  organization_id?: string;
}

export class LegalHoldResponse {
  id: string;
  name: string;
  reason: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organization held whole, or null.' })
  organization_id: string | null;
  user_ids: string[];
  room_ids: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The global admin who placed it.' })
  created_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null while the hold applies.' })
  released_at: string | null;
  @ApiProperty({ type: String, nullable: true })
  released_by: string | null;
}

export class LegalHoldPageResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The next (older) page, or null.' })
  next: string | null;
  @ApiProperty({ type: () => [LegalHoldResponse] })
  results: LegalHoldResponse[];
}

export function toLegalHoldResponse(h: LegalHoldRow): LegalHoldResponse {
  return {
    id: h.id,
    name: h.name,
    reason: h.reason,
    organization_id: h.organization_wide ? h.organization_id : null,
    user_ids: h.user_ids,
    room_ids: h.room_ids,
    created_by: h.created_by,
    created_at: h.created_at.toISOString(),
    released_at: h.released_at?.toISOString() ?? null,
    released_by: h.released_by,
  };
}
