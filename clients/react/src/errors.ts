import { ParleyError } from '@parley/client';

/** A failed request in words: the server's message, its field errors, or that Parley could not be reached. */
export function describe(failure: unknown): string {
  if (failure instanceof ParleyError) {
    if (failure.fields)
      return Object.entries(failure.fields)
        .map(([field, messages]) => `${field.replace(/_/g, ' ')}: ${messages.join(' ')}`)
        .join(' ');
    return failure.message;
  }
  return 'Parley could not be reached. Try again.';
}
