/**
 * The port of the pre-send hook (docs/compliance.md): a deployment's own moderation
 * service asked about each message after the content rules. The platform layer
 * implements it (platform/webhooks/presend-hook.ts: signed HTTPS, timeout, failure
 * mode, concurrency) and registers it with ContentPolicy, so the send path calls
 * it without importing anything above its layer.
 */
export interface PreSendReview {
  roomId: string;
  senderId: string;
  content: string;
  /** An edit of an existing message rather than a new one. */
  edit: boolean;
}

export type PreSendVerdict =
  | { action: 'accept' }
  | { action: 'reject'; reason: string }
  | { action: 'rewrite'; content: string }
  /** Store it, held for review (docs/compliance.md): only its sender and the room's moderators see it until approved. */
  | { action: 'hold' };

export interface PreSendHook {
  /** Never throws: a failure is answered by the hook's configured failure mode. */
  review(input: PreSendReview): Promise<PreSendVerdict>;
}
