import { createRoom } from './chat';
import { registerUser, TestUser } from './factories';
import { startTestApp, TestApp } from './test-app';

export interface RoomApp {
  t: TestApp;
  /** The room's owner. */
  alice: TestUser;
  /** The room's other members, in the order asked for. */
  members: TestUser[];
  /** A signed-in user in no room: the outsider of the 403 cases. */
  eve: TestUser;
  roomId: string;
}

/** The message-feature specs' setup: a booted app, a room of alice and `memberCount` members, and eve outside it. */
export async function startRoomApp(memberCount: number): Promise<RoomApp> {
  const t = await startTestApp();
  const alice = await registerUser(t.http);
  const members: TestUser[] = [];
  for (let i = 0; i < memberCount; i += 1) members.push(await registerUser(t.http));
  const eve = await registerUser(t.http);
  const roomId = (await createRoom(t.http, alice, { participants: members.map((m) => m.id) })).id;
  return { t, alice, members, eve, roomId };
}
