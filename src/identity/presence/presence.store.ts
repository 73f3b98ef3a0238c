/**
 * Who is online. A user is online while any of their sockets is connected,
 * and active while one of them sent a client event lately (notifications treat
 * users whose sockets are all idle as away). In memory for one node, in Redis
 * for several.
 */
export abstract class PresenceStore {
  /** Records a connected socket; true when it is the user's first. */
  abstract connect(userId: string, socketId: string): Promise<boolean>;
  /**
   * Records a socket being admitted if the user then holds at most `max` sockets on
   * every node together; else records nothing and answers false. Concurrent admissions
   * may both be refused near the limit, never both let past it. `connect` follows.
   */
  abstract admit(userId: string, socketId: string, max: number): Promise<boolean>;
  /** Forgets a socket; true when it was the user's last. */
  abstract disconnect(userId: string, socketId: string): Promise<boolean>;
  abstract isOnline(userId: string): Promise<boolean>;
  /** The subset of the given users that is online, in one round trip. */
  abstract onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Records that a socket did something (a client event): cheap enough for every event, kept in
   * this node's memory and shared with the other nodes by the heartbeat. Connecting counts too.
   */
  abstract touch(userId: string, socketId: string): void;
  /**
   * The subset of the given users with a socket that did something in the last `idleMs` (a socket
   * whose activity another node has not shared yet counts as active); `idleMs` 0: every online user.
   * One round trip.
   */
  abstract activeAmong(userIds: readonly string[], idleMs: number): Promise<Set<string>>;

  /** Users found offline because the node holding their sockets died (multi-node only). */
  protected lost: (userIds: string[]) => void = () => undefined;

  onLost(handler: (userIds: string[]) => void): void {
    this.lost = handler;
  }
}
