import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { newId } from '../../../core/database/uuid';

export interface PendingRequest {
  nonce: string | null;
  codeVerifier: string | null;
  expiresAt: Date;
}

/** Pending sign-ins (single use, expiring) and the replay guard, in the connection's organization. */
@Injectable()
export class SignInRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a pending sign-in under its key's hash, sweeping the organization's expired ones. */
  async insert(providerId: string, keyHash: string, fields: PendingRequest): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_requests WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO sign_in_requests (id, provider_id, key_hash, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId(), providerId, keyHash, fields.nonce, fields.codeVerifier, fields.expiresAt],
    );
  }

  /** Spends a pending sign-in: deleted and answered in one statement, so it works once. */
  async take(providerId: string, keyHash: string): Promise<PendingRequest | null> {
    const [row] = await queryRows<{ nonce: string | null; code_verifier: string | null; expires_at: Date }>(
      this.dataSource,
      `DELETE FROM sign_in_requests WHERE provider_id = $1 AND key_hash = $2 RETURNING nonce, code_verifier, expires_at`,
      [providerId, keyHash],
    );
    return row ? { nonce: row.nonce, codeVerifier: row.code_verifier, expiresAt: row.expires_at } : null;
  }

  /** When a pending sign-in was made, if it is there and not expired (without spending it). */
  async pendingSince(providerId: string, keyHash: string): Promise<Date | null> {
    const [row] = await queryRows<{ created_at: Date }>(
      this.dataSource,
      `SELECT created_at FROM sign_in_requests WHERE provider_id = $1 AND key_hash = $2 AND expires_at > now()`,
      [providerId, keyHash],
    );
    return row?.created_at ?? null;
  }

  /**
   * Records a one-time value (a logout token's `jti`, an assertion's ID) until `expiresAt`: false
   * when it was already there (a replay). Sweeps the organization's expired ones first.
   */
  async firstSight(providerId: string, value: string, expiresAt: Date): Promise<boolean> {
    await this.dataSource.query(`DELETE FROM sign_in_replays WHERE expires_at < now()`);
    const rows = await queryRows<{ value: string }>(
      this.dataSource,
      `INSERT INTO sign_in_replays (provider_id, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING value`,
      [providerId, value, expiresAt],
    );
    return rows.length > 0;
  }
}
