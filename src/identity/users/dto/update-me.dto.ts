import { Optional } from '../../../core/validation/fields';
import { IsIn } from 'class-validator';
import { NameField } from './user-fields';

export class UpdateMeDto {
  /** Shown instead of the username; empty resets it to the username. */
  @NameField()
  display_name?: string;

  @NameField()
  first_name?: string;

  @NameField()
  last_name?: string;
}

export class DeleteUserQuery {
  /** `true`: tombstone the user's messages (content removed) instead of keeping them with `sender: null`. */
  @Optional()
  @IsIn(['true', 'false'])
  erase_messages?: string;
}
