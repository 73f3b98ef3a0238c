import type { DeviceKind, NotificationDevice } from '../store/entities/notification-device.entity';

/** What a push notification says: the same for every provider. */
export interface PushContent {
  title: string;
  body: string;
  room_id: string;
  message_id: string;
  seq: number;
  /** Messages it stands for (collapsed). */
  count: number;
  /** Opens the room at the message. */
  url: string;
}

/** `gone`: the push service no longer knows the device (404/410), which is then forgotten. */
export type PushOutcome = { ok: true } | { ok: false; gone: boolean; error: string };

/** One way of reaching devices (web push; mobile providers join behind the same interface). */
export interface PushProvider {
  readonly kinds: readonly DeviceKind[];
  /** False when not configured: its devices are passed over. */
  enabled(): boolean;
  send(device: NotificationDevice, content: PushContent): Promise<PushOutcome>;
}

export const PUSH_PROVIDERS = Symbol('PUSH_PROVIDERS');
