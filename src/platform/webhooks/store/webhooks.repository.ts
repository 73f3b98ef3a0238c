import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Room } from '../../../conversations/rooms/store/entities/room.entity';
import { User } from '../../../identity/users/store/entities/user.entity';
import { queryRows } from '../../../core/database/query-rows';
import { DeliveryStatus, WebhookDelivery, WebhookSubject } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';

/** A delivery claimed by a worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  /** The organization of the delivery (and of its endpoint and event): the body is rendered in it and names it. */
  organization_id: string;
  event_type: string;
  /** Null until the first attempt renders it from `subject`. */
  payload: Record<string, unknown> | null;
  subject: WebhookSubject | null;
  created_at: Date;
  attempts: number;
  url: string;
  secret: string;
}

@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get endpoints() {
    return this.dataSource.getRepository(WebhookEndpoint);
  }

  private get deliveries() {
    return this.dataSource.getRepository(WebhookDelivery);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  saveEndpoint(manager: EntityManager, endpoint: Partial<WebhookEndpoint>): Promise<WebhookEndpoint> {
    const repo = manager.getRepository(WebhookEndpoint);
    return repo.save(repo.create(endpoint));
  }

  listEndpoints(): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.findOneBy({ id });
  }

  async deleteEndpoint(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(WebhookEndpoint).delete({ id });
  }

  findDelivery(endpointId: string, id: string): Promise<WebhookDelivery | null> {
    return this.deliveries.findOneBy({ endpointId, id });
  }

  /** Keyset page of an endpoint's log, newest first (ids are time-ordered UUIDv7). */
  deliveryPage(endpointId: string, opts: { before?: string; status?: DeliveryStatus; limit: number }): Promise<WebhookDelivery[]> {
    const query = this.deliveries
      .createQueryBuilder('d')
      .where('d.endpoint_id = :endpointId', { endpointId })
      .orderBy('d.id', 'DESC')
      .limit(opts.limit);
    if (opts.before) query.andWhere('d.id < :before', { before: opts.before });
    if (opts.status) query.andWhere('d.status = :status', { status: opts.status });
    return query.getMany();
  }

  /** A ping, through the outbox like any event (so it is signed, retried and logged the same way). */
  async enqueueTest(endpointId: string): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload)
       SELECT webhook_uuid7(), e.id, 'webhook.test', jsonb_build_object('type', 'webhook.test', 'organization_id', e.organization_id,
               'timestamp', webhook_ts(now()), 'data', jsonb_build_object('endpoint_id', e.id))
         FROM webhook_endpoints e WHERE e.id = $1
       RETURNING id`,
      [endpointId],
    );
    return row.id;
  }

  /** Back in the queue with a fresh attempt budget, same webhook-id. */
  async requeue(endpointId: string, ids: string[] | 'failed'): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now()
        WHERE endpoint_id = $1 AND ${ids === 'failed' ? `status = 'failed'` : `id = ANY($2::uuid[])`} RETURNING 1`,
      ids === 'failed' ? [endpointId] : [endpointId, ids],
    );
    await this.dataSource.query(`UPDATE webhook_endpoints SET failing_since = NULL, failure_reason = NULL WHERE id = $1`, [endpointId]);
    return rows.length;
  }

  /**
   * Claims due deliveries for this worker: SKIP LOCKED lets any number of nodes
   * claim side by side, and the lease (next_attempt_at pushed past the send
   * timeout) hands a delivery to another worker if this one dies mid-send.
   */
  claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return queryRows<ClaimedDelivery>(
      this.dataSource.manager,
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2)
         FROM due, webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id, d.organization_id, d.event_type, d.payload, d.subject, d.created_at, d.attempts, e.url, e.secret`,
      [limit, leaseSeconds],
    );
  }

  /** Pending deliveries whose body is not rendered yet, oldest first (a partial index holds only these). */
  unrendered(limit: number): Promise<ClaimedDelivery[]> {
    return queryRows<ClaimedDelivery>(
      this.dataSource.manager,
      `SELECT d.id, d.endpoint_id, d.organization_id, d.event_type, d.payload, d.subject, d.created_at, d.attempts, '' AS url, '' AS secret
         FROM webhook_deliveries d
        WHERE d.payload IS NULL
        ORDER BY d.created_at LIMIT $1`,
      [limit],
    );
  }

  /** The users and rooms that unrendered bodies are about (those still there). */
  async usersByIds(ids: string[]): Promise<Map<string, User>> {
    const rows = ids.length ? await this.dataSource.getRepository(User).findBy({ id: In(ids) }) : [];
    return new Map(rows.map((u) => [u.id, u]));
  }

  roomsByIds(ids: string[]): Promise<Room[]> {
    return ids.length ? this.dataSource.getRepository(Room).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /**
   * Keeps rendered bodies where none is stored yet, so every attempt and redelivery sends the same one;
   * answers the body each delivery now has (the one stored first, by WebhookRenderer or a worker).
   */
  async keepPayloads(bodies: Map<string, Record<string, unknown>>): Promise<Map<string, Record<string, unknown>>> {
    if (bodies.size === 0) return new Map();
    const rows = await queryRows<{ id: string; payload: Record<string, unknown> }>(
      this.dataSource.manager,
      `WITH kept AS (
         UPDATE webhook_deliveries d SET payload = x.payload FROM unnest($1::uuid[], $2::jsonb[]) AS x(id, payload)
          WHERE d.id = x.id AND d.payload IS NULL
         RETURNING d.id, d.payload
       )
       SELECT id, payload FROM kept
       UNION ALL
       SELECT d.id, d.payload FROM webhook_deliveries d WHERE d.id = ANY($1::uuid[]) AND d.id NOT IN (SELECT id FROM kept)`,
      [[...bodies.keys()], [...bodies.values()].map((b) => JSON.stringify(b))],
    );
    return new Map(rows.map((r) => [r.id, r.payload]));
  }

  /** A worker's batch settled in two statements, whatever its size (the delivered ones heal their endpoints). */
  async markDelivered(delivered: { delivery: ClaimedDelivery; statusCode: number }[]): Promise<void> {
    if (delivered.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_deliveries d SET status = 'delivered', last_status_code = x.code, last_error = NULL
         FROM unnest($1::uuid[], $2::int[]) AS x(id, code) WHERE d.id = x.id`,
      [delivered.map((d) => d.delivery.id), delivered.map((d) => d.statusCode)],
    );
    await this.dataSource.query(
      `UPDATE webhook_endpoints SET failing_since = NULL, failure_reason = NULL WHERE id = ANY($1::uuid[]) AND failing_since IS NOT NULL`,
      [[...new Set(delivered.map((d) => d.delivery.endpoint_id))]],
    );
  }

  async markRetry(retries: { delivery: ClaimedDelivery; statusCode: number | null; error: string; delayMs: number }[]): Promise<void> {
    if (retries.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_deliveries d SET last_status_code = x.code, last_error = x.error, next_attempt_at = now() + make_interval(secs => x.delay)
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::float8[]) AS x(id, code, error, delay) WHERE d.id = x.id`,
      [retries.map((r) => r.delivery.id), retries.map((r) => r.statusCode), retries.map((r) => r.error), retries.map((r) => r.delayMs / 1000)],
    );
  }

  /** Out of attempts: the delivery fails and the endpoint is marked failing, saying why. */
  async markFailed(delivery: ClaimedDelivery, statusCode: number | null, error: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE webhook_deliveries SET status = 'failed', last_status_code = $2, last_error = $3 WHERE id = $1`, [
        delivery.id,
        statusCode,
        error,
      ]);
      await manager.query(`UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()), failure_reason = $2 WHERE id = $1`, [
        delivery.endpoint_id,
        `delivery ${delivery.id} gave up after ${delivery.attempts} attempts: ${error}`,
      ]);
    });
  }

  /** One batch of the delivery log's retention: settled deliveries older than `seconds` (pending ones are never dropped). */
  async purgeSettled(olderThanSeconds: number, limit: number): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `DELETE FROM webhook_deliveries WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE created_at < now() - make_interval(secs => $1) AND status <> 'pending'
          ORDER BY created_at LIMIT $2)
       RETURNING 1`,
      [olderThanSeconds, limit],
    );
    return rows.length;
  }
}
