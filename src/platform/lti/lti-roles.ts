import type { RoomRole } from '../../conversations/rooms/store/entities/room-member.entity';

/**
 * LTI roles (IMS LTI Core 1.3 A.2): full URIs (`http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor`),
 * sub-roles (`...membership/Instructor#TeachingAssistant`) and, from NRPS, short names (`Instructor`).
 */
const local = (role: string) => role.slice(Math.max(role.lastIndexOf('#'), role.lastIndexOf('/')) + 1);

const MANAGING = new Set(['Instructor', 'TeachingAssistant', 'ContentDeveloper', 'Administrator']);

/**
 * Context (course) roles only: Instructor, TeachingAssistant (also as an Instructor sub-role),
 * ContentDeveloper and the course's Administrator run the room (`admin`); Learner and every other
 * role are members. Institution and system roles say nothing about the course.
 */
export function roomRoleOf(roles: unknown[]): RoomRole {
  const course = roles.filter((r): r is string => typeof r === 'string' && !/\/(institution|system)\//.test(r));
  return course.some((r) => MANAGING.has(local(r))) ? 'admin' : 'member';
}

/** The institution's Administrator role (and the system administrator's) makes an organization admin. */
export function isInstitutionAdmin(roles: unknown[]): boolean {
  return roles.some(
    (r) =>
      typeof r === 'string' &&
      (r === 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator' ||
        r === 'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator' ||
        r === 'http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin'),
  );
}
