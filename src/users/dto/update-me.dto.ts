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
