/**
 * Who is online. A user is online while any of their sockets is connected.
 * In-memory for one node; the scale-out issue adds a Redis implementation
 * behind this same interface.
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

  /** Users found offline because the node holding their sockets died (multi-node only). */
  protected lost: (userIds: string[]) => void = () => undefined;

  onLost(handler: (userIds: string[]) => void): void {
    this.lost = handler;
  }
}
