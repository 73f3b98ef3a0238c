import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../organization-scope';

/**
 * Message search under row-level security. PostgreSQL applies a table's policy before any
 * condition whose operator is not leakproof, and `@@` (ts_match_vq) is not: under the
 * application role the GIN index `ix_messages_search` could not serve a search, and every
 * search computed `to_tsvector` over every message of the organization (35 s and a core per
 * search at 5 million messages, found by `npm run bench -- capacity`).
 *
 * `message_search_ids` asks the index inside a SECURITY DEFINER function, so its statement runs
 * as the database owner, and names the caller's organization (the connection's scope, the same
 * setting the policies read) in its own condition. Where the owner bypasses row-level security
 * (a superuser, as the embedded PostgreSQL's, or a role with BYPASSRLS) the index serves it;
 * where it does not, the policy still applies inside the function: the same rows, without the
 * index (docs/organizations.md). The search statement keeps its own conditions and reads the
 * returned messages under the policy again, so isolation never depends on the function alone.
 * The text-search configuration is written into the statement, since the index serves only its
 * own expression `to_tsvector('<SEARCH_LANGUAGE>', content)`.
 */
export class MessageSearchUnderRowSecurity1796900001000 implements MigrationInterface {
  name = 'MessageSearchUnderRowSecurity1796900001000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION message_search_ids(config regconfig, query tsquery) RETURNS SETOF uuid
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      BEGIN
        IF parley_organization() IS NULL AND NOT parley_system_scope() THEN RETURN; END IF;
        RETURN QUERY EXECUTE format(
          'SELECT id FROM messages WHERE to_tsvector(%L, content) @@ $1 AND (organization_id = $2 OR $3)', config::text)
          USING query, parley_organization(), parley_system_scope();
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION message_search_ids(regconfig, tsquery) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION message_search_ids(regconfig, tsquery) TO ${APP_ROLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION message_search_ids(regconfig, tsquery)`);
  }
}
