import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { Policy } from '../../core/policy/policy';
import { toUserResponse } from '../../identity/users/dto/user.response';
import { UsersService } from '../../identity/users/users.service';
import { ExportReader } from './store/export-reader';

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
    private readonly reader: ExportReader,
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
    let started = false;
    let inSection = false;
    let first = true;
    for await (const part of this.reader.read(userId, BATCH)) {
      if (!started) {
        yield header(profile);
        started = true;
      }
      if ('section' in part) {
        if (inSection) yield ']';
        yield `,${JSON.stringify(part.section)}:[`;
        inSection = true;
        first = true;
      } else {
        yield (first ? '' : ',') + part.rows.map((row) => JSON.stringify(row)).join(',');
        first = false;
      }
    }
    if (!started) yield header(profile);
    if (inSection) yield ']';
    yield '}';
  }
}

function header(profile: object): string {
  return `{"format":"parley-export/1","exported_at":${JSON.stringify(new Date().toISOString())},"user":${JSON.stringify(profile)}`;
}
