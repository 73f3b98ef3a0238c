import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { Policy } from '../../core/policy/policy';
import { toUserResponse } from '../../identity/users/dto/user.response';
import { UsersService } from '../../identity/users/users.service';
import { EXPORT_SECTIONS } from './export-sections';

const BATCH = 500;

/**
 * A user's data as one JSON document, produced as a stream: each section is
 * read through a server-side cursor in batches of 500 rows inside one
 * REPEATABLE READ snapshot, so memory stays flat whatever the amount of data
 * and the sections agree with each other.
 */
@Injectable()
export class DataExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  /** The caller's own data, or (global admins) anyone's; checked before the first byte is sent. */
  async open(viewer: AuthUser, userId: string): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
    Policy.require(viewer, 'users.export', { userId });
    const user = await this.users.require(userId);
    if (viewer.id !== userId) {
      await this.audit.record(null, { actor: viewer, action: 'user.exported', target: { type: 'user', id: user.id, name: user.username } });
    }
    const profile = toUserResponse(user, { id: user.id, role: user.role }, false);
    return { filename: `parley-export-${user.username}.json`, chunks: this.document(userId, profile) };
  }

  private async *document(userId: string, profile: object): AsyncGenerator<string> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      yield `{"format":"parley-export/1","exported_at":${JSON.stringify(new Date().toISOString())},"user":${JSON.stringify(profile)}`;
      for (const section of EXPORT_SECTIONS) {
        yield `,${JSON.stringify(section.name)}:[`;
        const cursor = client.query(new Cursor(section.sql, [userId]));
        try {
          let first = true;
          for (;;) {
            const rows = await cursor.read(BATCH);
            if (rows.length === 0) break;
            yield (first ? '' : ',') + rows.map((row) => JSON.stringify(row)).join(',');
            first = false;
          }
        } finally {
          await cursor.close();
        }
        yield ']';
      }
      yield '}';
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
