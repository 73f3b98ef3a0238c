import { isContentBlocked, ParleyError } from '@parley/client';

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

/**
 * A send or an edit a content rule refused (422 / ack `content_blocked`): the server's reason (a rule's
 * generic words, or the pre-send hook's own reason) and what to do; null for any other failure.
 */
export function blockedText(failure: unknown, verb: 'sent' | 'saved'): string | null {
  if (!isContentBlocked(failure)) return null;
  return `Not ${verb}: ${failure.message} Change the message and ${verb === 'sent' ? 'send' : 'save'} it again.`;
}
