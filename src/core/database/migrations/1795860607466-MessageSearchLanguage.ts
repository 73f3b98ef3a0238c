import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_LANGUAGES } from '../../config/env.schema';

/**
 * Message search stems words (`apple` finds "apples"): the full-text index is rebuilt
 * on `to_tsvector('<SEARCH_LANGUAGE>', content)`, the expression the search queries
 * spell (src/core/database/text-search.ts). The language is read when the migration runs
 * (default english); a later change of SEARCH_LANGUAGE needs the index rebuilt for it
 * (docs/messaging.md). The pending-list limit stays 256 kB (see MessageSearchPendingList).
 */
export class MessageSearchLanguage1795860607466 implements MigrationInterface {
  name = 'MessageSearchLanguage1795860607466';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, searchLanguage());
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.rebuild(queryRunner, 'simple');
  }

  private async rebuild(queryRunner: QueryRunner, language: string): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_messages_search"`);
    await queryRunner.query(
      `CREATE INDEX "ix_messages_search" ON "messages" USING gin (to_tsvector('${language}', "content")) WITH (gin_pending_list_limit = 256)`,
    );
  }
}

/** SEARCH_LANGUAGE as the app validates it (migrations run before the app's config exists, and from the CLI). */
function searchLanguage(): string {
  const configured = process.env.SEARCH_LANGUAGE ?? 'english';
  if (!(SEARCH_LANGUAGES as readonly string[]).includes(configured)) throw new Error(`SEARCH_LANGUAGE must be one of ${SEARCH_LANGUAGES.join(', ')}`);
  return configured;
}
