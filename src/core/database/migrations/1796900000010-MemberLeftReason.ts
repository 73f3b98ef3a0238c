import { MigrationInterface, QueryRunner } from 'typeorm';

/** The trigger function body; `reason` is the SQL it records as the reason. */
const membersDeleted = (subject: string) => `CREATE OR REPLACE FUNCTION webhook_members_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.left') THEN
          PERFORM webhook_record('member.left', ARRAY(SELECT ${subject} FROM old_rows o WHERE EXISTS (SELECT 1 FROM rooms r WHERE r.id = o.room_id)));
        END IF;
        RETURN NULL;
      END $$`;

/**
 * `member.left` says why (`reason`: left, removed or banned), as the socket event does. The
 * deleting transaction names it in the transaction-local setting `parley.member_left_reason`
 * (RoomsRepository.removeMember, PlatformRepository's roster removal); the trigger records it
 * beside the membership row. A delete that names none (a user's deletion cascading) records
 * `removed`.
 */
export class MemberLeftReason1796900000010 implements MigrationInterface {
  name = 'MemberLeftReason1796900000010';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      membersDeleted(
        `jsonb_build_object('member', to_jsonb(o), 'reason', coalesce(nullif(current_setting('parley.member_left_reason', true), ''), 'removed'))`,
      ),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(membersDeleted(`jsonb_build_object('member', to_jsonb(o))`));
  }
}
