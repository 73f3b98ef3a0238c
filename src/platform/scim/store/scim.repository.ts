import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { SUSPENDED_NOW } from '../../../identity/auth/store/suspensions.repository';
import { FilterColumn, FilterGroups, filterSql } from './scim-filter-sql';

/** A SCIM user as read: the SCIM row, the Parley user's profile, and whether a suspension applies. */
export interface ScimUserRow {
  user_id: string;
  user_name: string;
  external_id: string | null;
  username: string;
  email: string;
  display_name: string;
  first_name: string;
  last_name: string;
  active: boolean;
  created_at: Date;
  last_modified: Date;
}

export interface ScimGroupRow {
  room_id: string;
  external_id: string | null;
  api_key_id: string | null;
  display_name: string;
  created_at: Date;
  last_modified: Date;
}

export interface ScimMemberRow {
  user_id: string;
  display_name: string;
}

const USER_COLUMNS = `s.user_id, s.user_name, s.external_id, u.username, u.email, u.display_name, u.first_name, u.last_name,
       NOT EXISTS (SELECT 1 FROM user_suspensions x WHERE x.user_id = s.user_id AND ${SUSPENDED_NOW}) AS active,
       s.created_at, greatest(s.updated_at, u.updated_at) AS last_modified`;
const USERS_FROM = `FROM scim_users s JOIN users u ON u.id = s.user_id`;

/** The attributes a Users filter may name (docs/scim.md), each an indexed or joined column of USERS_FROM. */
export const USER_FILTER_COLUMNS: Record<string, FilterColumn> = {
  id: { sql: 's.user_id', type: 'uuid' },
  username: { sql: 's.user_name', type: 'string' },
  externalid: { sql: 's.external_id', type: 'exact' },
  displayname: { sql: 'u.display_name', type: 'string' },
  'name.givenname': { sql: 'u.first_name', type: 'string' },
  'name.familyname': { sql: 'u.last_name', type: 'string' },
  'emails.value': { sql: 'u.email', type: 'string' },
  active: { sql: `NOT EXISTS (SELECT 1 FROM user_suspensions x WHERE x.user_id = s.user_id AND ${SUSPENDED_NOW})`, type: 'boolean' },
  'meta.created': { sql: 's.created_at', type: 'dateTime' },
  'meta.lastmodified': { sql: 'greatest(s.updated_at, u.updated_at)', type: 'dateTime' },
};

const GROUP_COLUMNS = `g.room_id, g.external_id, g.api_key_id, coalesce(r.name, '') AS display_name, g.created_at,
       greatest(g.updated_at, r.updated_at) AS last_modified`;
const GROUPS_FROM = `FROM scim_groups g JOIN rooms r ON r.id = g.room_id`;

export const GROUP_FILTER_COLUMNS: Record<string, FilterColumn> = {
  id: { sql: 'g.room_id', type: 'uuid' },
  displayname: { sql: 'r.name', type: 'string' },
  externalid: { sql: 'g.external_id', type: 'exact' },
  'members.value': { sql: 'm.user_id', type: 'uuid', some: 'FROM room_members m WHERE m.room_id = g.room_id' },
  'meta.created': { sql: 'g.created_at', type: 'dateTime' },
  'meta.lastmodified': { sql: 'greatest(g.updated_at, r.updated_at)', type: 'dateTime' },
};

/** SCIM's users and groups of the connection's organization (row-level security), paged and filtered in SQL. */
@Injectable()
export class ScimRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One page in creation order (`ix_scim_users_created`) and the count of all matches. */
  async usersPage(filter: FilterGroups, offset: number, limit: number): Promise<{ rows: ScimUserRow[]; total: number }> {
    const params: unknown[] = [];
    const where = filterSql(filter, USER_FILTER_COLUMNS, params);
    const [{ total }] = await queryRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total ${USERS_FROM} WHERE ${where}`,
      params,
    );
    if (limit === 0 || total <= offset) return { rows: [], total };
    const rows = await queryRows<ScimUserRow>(
      this.dataSource.manager,
      `SELECT ${USER_COLUMNS} ${USERS_FROM} WHERE ${where} ORDER BY s.created_at, s.user_id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, offset, limit],
    );
    return { rows, total };
  }

  async findUser(userId: string, manager: EntityManager = this.dataSource.manager): Promise<ScimUserRow | null> {
    const rows = await queryRows<ScimUserRow>(manager, `SELECT ${USER_COLUMNS} ${USERS_FROM} WHERE s.user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  /** The SCIM row locked: writes to one user serialise on it, so If-Match compares with what is written over. */
  async lockUser(manager: EntityManager, userId: string): Promise<boolean> {
    return (await queryRows(manager, `SELECT 1 FROM scim_users WHERE user_id = $1 FOR UPDATE`, [userId])).length > 0;
  }

  async userNameTaken(userName: string, exceptUserId: string | null, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await queryRows(manager, `SELECT 1 FROM scim_users WHERE lower(user_name) = lower($1) AND user_id IS DISTINCT FROM $2`, [
      userName,
      exceptUserId,
    ]);
    return rows.length > 0;
  }

  async insertUser(manager: EntityManager, row: { userId: string; userName: string; externalId: string | null }): Promise<void> {
    await manager.query(`INSERT INTO scim_users (user_id, user_name, external_id) VALUES ($1, $2, $3)`, [row.userId, row.userName, row.externalId]);
  }

  async updateUser(manager: EntityManager, row: { userId: string; userName: string; externalId: string | null }): Promise<void> {
    await manager.query(`UPDATE scim_users SET user_name = $2, external_id = $3, updated_at = now() WHERE user_id = $1`, [
      row.userId,
      row.userName,
      row.externalId,
    ]);
  }

  /** Which of `ids` are SCIM users of this organization. */
  async existingUserIds(ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ user_id: string }>(this.dataSource.manager, `SELECT user_id FROM scim_users WHERE user_id = ANY($1::uuid[])`, [
      ids,
    ]);
    return new Set(rows.map((r) => r.user_id));
  }

  async groupsPage(filter: FilterGroups, offset: number, limit: number): Promise<{ rows: ScimGroupRow[]; total: number }> {
    const params: unknown[] = [];
    const where = filterSql(filter, GROUP_FILTER_COLUMNS, params);
    const [{ total }] = await queryRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total ${GROUPS_FROM} WHERE ${where}`,
      params,
    );
    if (limit === 0 || total <= offset) return { rows: [], total };
    const rows = await queryRows<ScimGroupRow>(
      this.dataSource.manager,
      `SELECT ${GROUP_COLUMNS} ${GROUPS_FROM} WHERE ${where} ORDER BY g.created_at, g.room_id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, offset, limit],
    );
    return { rows, total };
  }

  async findGroup(roomId: string, manager: EntityManager = this.dataSource.manager): Promise<ScimGroupRow | null> {
    const rows = await queryRows<ScimGroupRow>(manager, `SELECT ${GROUP_COLUMNS} ${GROUPS_FROM} WHERE g.room_id = $1`, [roomId]);
    return rows[0] ?? null;
  }

  /** The members of the groups on a page, in one statement. */
  async groupMembers(roomIds: string[]): Promise<Map<string, ScimMemberRow[]>> {
    const rows = await queryRows<ScimMemberRow & { room_id: string }>(
      this.dataSource.manager,
      `SELECT m.room_id, m.user_id, u.display_name FROM room_members m JOIN users u ON u.id = m.user_id
        WHERE m.room_id = ANY($1::uuid[]) ORDER BY m.room_id, m.joined_at, m.user_id`,
      [roomIds],
    );
    const byRoom = new Map<string, ScimMemberRow[]>(roomIds.map((id) => [id, []]));
    for (const row of rows) byRoom.get(row.room_id)!.push({ user_id: row.user_id, display_name: row.display_name });
    return byRoom;
  }

  async insertGroup(manager: EntityManager, row: { roomId: string; apiKeyId: string; externalId: string | null }): Promise<void> {
    await manager.query(`INSERT INTO scim_groups (room_id, api_key_id, external_id) VALUES ($1, $2, $3)`, [row.roomId, row.apiKeyId, row.externalId]);
  }

  async updateGroup(manager: EntityManager, roomId: string, name: string, externalId: string | null): Promise<void> {
    await manager.query(`UPDATE rooms SET name = $2, updated_at = now() WHERE id = $1 AND name IS DISTINCT FROM $2`, [roomId, name]);
    await manager.query(`UPDATE scim_groups SET external_id = $2, updated_at = now() WHERE room_id = $1`, [roomId, externalId]);
  }
}
