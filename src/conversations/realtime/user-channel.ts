/** A user's own channel: every socket of theirs, on every node, is in it. */
export const userChannel = (userId: string) => `user:${userId}`;
