import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, Repository } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { Invitation } from './entities/invitation.entity';

/** Which invitations a page lists: one room's or one invitee's, by status. */
export type InvitationFilter = FindOptionsWhere<Invitation>;

@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get invitations(): Repository<Invitation> {
    return this.dataSource.getRepository(Invitation);
  }

  /** A new pending invitation, as saved (id and times from the database). */
  insert(fields: Pick<Invitation, 'roomId' | 'invitedBy' | 'inviteeId'>): Promise<Invitation> {
    return this.invitations.save(this.invitations.create(fields));
  }

  findById(id: string): Promise<Invitation | null> {
    return this.invitations.findOneBy({ id });
  }

  findInRoom(id: string, roomId: string): Promise<Invitation | null> {
    return this.invitations.findOneBy({ id, roomId });
  }

  /** Ends a pending invitation: false when it was no longer pending (answered meanwhile). */
  async endPending(id: string, status: 'declined' | 'withdrawn'): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE invitations SET status = $2, responded_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, status],
    );
    return rows.length > 0;
  }

  count(filter: InvitationFilter): Promise<number> {
    return this.invitations.countBy(filter);
  }

  /** Ids of one page, newest first. */
  async pageIds(filter: InvitationFilter, offset: number, limit: number): Promise<string[]> {
    const rows = await this.invitations.find({
      select: { id: true },
      where: filter,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: offset,
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** The invitations with their inviter, invitee and room, in no particular order. */
  withParties(ids: string[]): Promise<Invitation[]> {
    return this.invitations
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.inviter', 'inviter')
      .innerJoinAndSelect('i.invitee', 'invitee')
      .innerJoinAndSelect('i.room', 'room')
      .where('i.id IN (:...ids)', { ids })
      .getMany();
  }
}
