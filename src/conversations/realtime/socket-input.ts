import type { Socket } from 'socket.io';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { assertStorableInput } from '../../core/input/storable-input';
import { ackFailure } from './socket-ack';

/** Names Socket.IO and Node use for their own listeners: never client events, whatever is listening. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);

type Packet = unknown[];

/**
 * Runs before every listener of a socket (ClientEvents), so every client event
 * passes the same gate: a known event, exactly one
 * payload, and that payload within the shared input rule (depth, storable text). A
 * refused packet gets its error ack (when the client asked for one) and goes no further;
 * before this, no payload, extra arguments and unknown events were left unanswered.
 */
export function socketInputGate(socket: Socket) {
  return (packet: Packet, next: (error?: Error) => void): void => {
    const [event, ...rest] = packet;
    const ack = typeof rest.at(-1) === 'function' ? (rest.pop() as (response: unknown) => void) : undefined;
    try {
      const name = String(event);
      if (RESERVED.has(name) || socket.listeners(name).length === 0) {
        throw new DomainError('unknown_event', `Unknown event "${name}".`);
      }
      if (rest.length !== 1) throw FieldValidationError.of('non_field_errors', `Expected one payload, got ${rest.length}.`);
      assertStorableInput(rest[0]);
    } catch (error) {
      ackFailure(error, ack);
      return;
    }
    next();
  };
}
