import type { DomainError } from '../errors/domain-error';
import { ACTOR_RULES } from './actor-rules';
import type { ActorOf, Permission, TargetOf } from './permissions';
import { ROOM_RULES } from './room-rules';
import type { Rule, Rules } from './rule';

/** Every permission's rule: a permission without one fails to compile. */
const RULES: Rules<Permission> = { ...ACTOR_RULES, ...ROOM_RULES };
/** The vocabulary, listed (docs/policy.md and the policy's spec cover each). */
export const PERMISSIONS = Object.keys(RULES) as Permission[];

/** The target argument: none for permissions decided on the actor alone. */
type TargetArgs<P extends Permission> = TargetOf<P> extends void ? [] : [target: TargetOf<P>];

function decide<P extends Permission>(actor: ActorOf<P>, permission: P, args: TargetArgs<P>): DomainError | null {
  return (RULES[permission] as Rule<P>)(actor, args[0] as TargetOf<P>);
}

/**
 * The one entry point for authorisation: HTTP guards (RoomAccessGuard, ApiKeyGuard),
 * socket handlers and services all ask `Policy.require(actor, permission, target)`.
 * Rules are pure: whoever asks loads the target first (rooms: RoomAccess, in one
 * statement with the membership). See docs/policy.md for the vocabulary.
 */
export const Policy = {
  /** Throws the refusal (a DomainError with its code) unless the actor may. */
  require<P extends Permission>(actor: ActorOf<P>, permission: P, ...target: TargetArgs<P>): void {
    const refusal = decide(actor, permission, target);
    if (refusal) throw refusal;
  },

  /**
   * Whether the actor may, for code that only branches on it (views ask it for every user they render:
   * `users.see_email` per sender of a history page, per member of a members page). A refusal's error is
   * made without a stack trace: it is never thrown, and capturing one was most of a refused check's cost.
   */
  can<P extends Permission>(actor: ActorOf<P>, permission: P, ...target: TargetArgs<P>): boolean {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return decide(actor, permission, target) === null;
    } finally {
      Error.stackTraceLimit = limit;
    }
  },

  /** The error the client would be told, or null when allowed. */
  refusal<P extends Permission>(actor: ActorOf<P>, permission: P, ...target: TargetArgs<P>): DomainError | null {
    return decide(actor, permission, target);
  },
};
