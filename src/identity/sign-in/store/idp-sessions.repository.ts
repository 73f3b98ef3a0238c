import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../../../core/database/transaction';
import { queryRows } from '../../../core/database/query-rows';
import type { IdpSessionLink } from './entities/sign-in-handoff.entity';

/** Which identity provider session each Parley login came from. */
@Injectable()
export class IdpSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async link(manager: Tx, sessionId: string, link: IdpSessionLink): Promise<void> {
    await manager.query(
      `INSERT INTO sign_in_idp_sessions (session_id, provider_id, issuer, subject, sid, id_token) VALUES ($1, $2, $3, $4, $5, $6)`,
      [sessionId, link.providerId, link.issuer.slice(0, 512), link.subject.slice(0, 255), link.sid?.slice(0, 255) ?? null, link.idToken],
    );
  }

  async ofSession(sessionId: string): Promise<{ providerId: string; idToken: string | null } | null> {
    const [row] = await queryRows<{ provider_id: string; id_token: string | null }>(
      this.dataSource,
      `SELECT provider_id, id_token FROM sign_in_idp_sessions WHERE session_id = $1`,
      [sessionId],
    );
    return row ? { providerId: row.provider_id, idToken: row.id_token } : null;
  }

  /** The Parley logins of a provider session: by `sid` (and `sub` when given too), or every login of `sub`. */
  async sessionsOf(providerId: string, issuer: string, sid: string | undefined, subject: string | undefined): Promise<string[]> {
    const rows = await queryRows<{ session_id: string }>(
      this.dataSource,
      `SELECT session_id FROM sign_in_idp_sessions
        WHERE provider_id = $1 AND issuer = $2
          AND ($3::text IS NULL OR sid = $3) AND ($4::text IS NULL OR subject = $4)`,
      [providerId, issuer, sid ?? null, subject ?? null],
    );
    return rows.map((row) => row.session_id);
  }
}
