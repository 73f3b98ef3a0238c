import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's notification mute is private to that member: the `member.updated` webhook
 * no longer fires for it (its body, nobody's view, would show no change anyway and
 * would only tell integrators when someone muted a room). Role changes and timed mutes
 * still record it.
 */
export class MemberMuteIsPrivate1796800000001 implements MigrationInterface {
  name = 'MemberMuteIsPrivate1796800000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_member_updated ON room_members`);
    await q.query(`CREATE TRIGGER webhook_member_updated AFTER UPDATE OF role, muted_until ON room_members FOR EACH ROW
      WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.muted_until IS DISTINCT FROM NEW.muted_until)
      EXECUTE FUNCTION webhook_member_updated()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_member_updated ON room_members`);
    await q.query(`CREATE TRIGGER webhook_member_updated AFTER UPDATE OF role, notifications_muted, muted_until ON room_members FOR EACH ROW
      WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.notifications_muted IS DISTINCT FROM NEW.notifications_muted
        OR OLD.muted_until IS DISTINCT FROM NEW.muted_until)
      EXECUTE FUNCTION webhook_member_updated()`);
  }
}
