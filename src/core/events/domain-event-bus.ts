import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { DomainEventPayloads } from './domain-events';
import { EVENT_MAP, type DomainEventKey } from './event-map';

type OnEventOptions = Parameters<typeof OnEvent>[1];

/**
 * The one way the domain publishes an event, after its transaction commits:
 * `publish('MessageCreated', payload)`. The key names the event in the event
 * map and fixes the payload's type, so a name can never travel with another
 * event's payload; `@OnDomainEvent(key)` holds each listener to the same type.
 */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  publish<K extends DomainEventKey>(key: K, payload: DomainEventPayloads[K]): void {
    this.emitter.emit(EVENT_MAP[key].name, payload);
  }
}

/** `@OnEvent` for a domain event, with the listener's parameter checked against the event's payload. */
export function OnDomainEvent<K extends DomainEventKey>(key: K, options?: OnEventOptions) {
  const decorate = OnEvent(EVENT_MAP[key].name, options);
  return <M extends (payload: DomainEventPayloads[K]) => unknown>(
    target: object,
    property: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ) => {
    decorate(target, property, descriptor);
  };
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
