import type { DomainError } from '../errors/domain-error';
import type { ActorOf, Permission, TargetOf } from './permissions';

/** One decision: null allows, an error refuses and is what the client is told. */
export type Rule<P extends Permission> = (actor: ActorOf<P>, target: TargetOf<P>) => DomainError | null;

/** A rule for each permission in `P`. */
export type Rules<P extends Permission> = { [K in P]: Rule<K> };
