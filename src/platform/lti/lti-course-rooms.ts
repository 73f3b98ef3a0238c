import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { RoomRole } from '../../conversations/rooms/store/entities/room-member.entity';
import { PlatformRoomsService } from '../integrations/platform-rooms.service';
import { RosterService } from '../integrations/roster.service';
import { LtiRepository } from './store/lti.repository';

/** The external room id of a course: its context id, hashed when it does not fit an external id. */
export function courseRoomKey(platformId: string, contextId: string): string {
  const key = /^[A-Za-z0-9_.:@-]{1,180}$/.test(contextId) ? contextId : `sha256-${createHash('sha256').update(contextId).digest('hex').slice(0, 40)}`;
  return `lti:${platformId}:ctx:${key}`;
}

export interface CourseFacts {
  platformId: string;
  contextId: string;
  title: string;
  deploymentId: string;
  membershipsUrl: string | null;
}

/**
 * LTI's rooms, kept as the server API keeps a platform's (external rooms, `PlatformRoomsService`):
 * a course's room (`lti:<platform>:ctx:<context>`) and rooms an instructor made by deep linking
 * (`lti:<platform>:room:<uuid>`). Members change only through the roster diff (`RosterService`).
 */
@Injectable()
export class LtiCourseRooms {
  constructor(
    private readonly repo: LtiRepository,
    private readonly rooms: PlatformRoomsService,
    private readonly roster: RosterService,
  ) {}

  /** The course's room, made on its first launch and renamed with its course. */
  async courseRoom(course: CourseFacts): Promise<string> {
    const { room } = await this.rooms.upsert(courseRoomKey(course.platformId, course.contextId), {
      name: course.title.slice(0, 150),
      room_type: 'COURSE',
    });
    await this.repo.saveContext({ ...course, title: course.title.slice(0, 255), roomId: room.id });
    return room.id;
  }

  /** A new room for a deep link, with its external id. */
  async newRoom(platformId: string, name: string): Promise<{ roomId: string; key: string }> {
    const key = `lti:${platformId}:room:${randomUUID()}`;
    const { room } = await this.rooms.upsert(key, { name: name.slice(0, 150), room_type: 'COURSE' });
    return { roomId: room.id, key };
  }

  /** A room of this platform by its external id (404 for another platform's or an unknown one). */
  roomOf(platformId: string, key: string): Promise<string> {
    return this.rooms.roomIdOf(key.startsWith(`lti:${platformId}:`) ? key : `lti:${platformId}:unknown`);
  }

  /** Adds or keeps one member with a role, leaving everyone else as they are (in the room's lock). */
  async admit(roomId: string, userId: string, role: RoomRole): Promise<void> {
    await this.roster.apply(roomId, (current) => new Map(current).set(userId, current.get(userId) === 'owner' ? 'owner' : role));
  }
}
