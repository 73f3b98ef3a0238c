import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { newId } from '../../../core/database/uuid';
import type { IdpSessionLink } from './entities/sign-in-handoff.entity';

export interface NewHandoff {
  codeHash: string;
  userId: string;
  idpSession: IdpSessionLink | null;
  userAgent: string | null;
  ip: string | null;
  expiresAt: Date;
}

export interface TakenHandoff {
  organizationId: string;
  userId: string;
  idpSession: IdpSessionLink | null;
  userAgent: string | null;
  ip: string | null;
  expiresAt: Date;
}

@Injectable()
export class SignInHandoffsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a code of the connection's organization and sweeps that organization's expired ones. */
  async insert(handoff: NewHandoff): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_handoffs WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO sign_in_handoffs (id, code_hash, user_id, idp_session, user_agent, ip, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [newId(), handoff.codeHash, handoff.userId, handoff.idpSession, handoff.userAgent, handoff.ip, handoff.expiresAt],
    );
  }

  /**
   * Spends a code: deletes its row and answers it, whoever asks first (one statement, so a code
   * works once even when two exchanges race). Read by its unguessable hash across organizations
   * (system scope): the code names no organization, its row does.
   */
  async take(codeHash: string): Promise<TakenHandoff | null> {
    const [row] = await queryRows<{
      organization_id: string;
      user_id: string;
      idp_session: IdpSessionLink | null;
      user_agent: string | null;
      ip: string | null;
      expires_at: Date;
    }>(
      this.dataSource,
      `DELETE FROM sign_in_handoffs WHERE code_hash = $1 RETURNING organization_id, user_id, idp_session, user_agent, ip, expires_at`,
      [codeHash],
    );
    return row
      ? {
          organizationId: row.organization_id,
          userId: row.user_id,
          idpSession: row.idp_session,
          userAgent: row.user_agent,
          ip: row.ip,
          expiresAt: row.expires_at,
        }
      : null;
  }
}
