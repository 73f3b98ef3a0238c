import type { RoomAccess } from '../rooms/room-access.service';
import type { RoomsRepository } from '../rooms/store/rooms.repository';
import type { ChatGateway } from './chat.gateway';
import { LinkRecovery } from './link-recovery';
import type { StreamAdapterLink } from './stream-adapter-link';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [KEPT, REMOVED, ADDED, PUBLIC_WATCHED, MISSED] = [1, 2, 3, 4, 5].map(id);
const USER = { id: id(100), role: 'user', userType: 'consumer' };

describe(LinkRecovery.name, () => {
  it('moves sockets into their rooms as they are now, tells each its rooms’ last seqs, and tells missed rooms everywhere', async () => {
    const told: unknown[] = [];
    const roomEmits: [string, unknown][] = [];
    const socket = {
      id: 'socket-1',
      connected: true,
      data: { user: USER },
      rooms: new Set(['socket-1', `user:${USER.id}`, KEPT, REMOVED, PUBLIC_WATCHED]),
      emit: (event: string, payload: unknown) => told.push([event, payload]),
      join: (room: string) => socket.rooms.add(room),
      leave: (room: string) => socket.rooms.delete(room),
    };
    const server = {
      sockets: new Map([[socket.id, socket]]),
      to: (room: string) => ({ emit: (_event: string, payload: unknown) => roomEmits.push([room, payload]) }),
    };
    const head = (room: string, lastSeq: number, visibility = 'private') => [room, { id: room, lastSeq, visibility, roomType: 'GROUP' }] as const;
    const rooms = {
      roomIdsOfUsers: async () => new Map([[USER.id, new Set([KEPT, ADDED])]]),
      roomHeads: async () => new Map([head(KEPT, 7), head(REMOVED, 3), head(ADDED, 2), head(PUBLIC_WATCHED, 9, 'public'), head(MISSED, 4)]),
    } as unknown as RoomsRepository;
    const forgotten: string[] = [];
    const gateway = { server } as unknown as ChatGateway;
    const access = { forgetMember: (room: string) => forgotten.push(room) } as unknown as RoomAccess;
    const recovery = new LinkRecovery({} as StreamAdapterLink, gateway, rooms, access);

    await recovery.recover([MISSED, `user:${USER.id}`], 1);

    expect([...socket.rooms].sort()).toEqual(['socket-1', `user:${USER.id}`, KEPT, ADDED, PUBLIC_WATCHED].sort());
    expect(forgotten).toEqual([REMOVED]);
    expect(told).toEqual([['sync:required', { rooms: { [KEPT]: 7, [ADDED]: 2, [PUBLIC_WATCHED]: 9 } }]]);
    expect(roomEmits).toEqual([[MISSED, { rooms: { [MISSED]: 4 } }]]);
  });
});
