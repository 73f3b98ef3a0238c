import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '../../../core/database/uuid';
import { SignInProtocol, SignInProvider } from './entities/sign-in-provider.entity';

/** The organizations' identity providers (the connection's organization: row-level security). */
@Injectable()
export class SignInProvidersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(protocol: SignInProtocol): Promise<SignInProvider | null> {
    return this.dataSource.getRepository(SignInProvider).findOneBy({ protocol });
  }

  /** Creates or replaces the organization's provider of `protocol`; `secret` undefined keeps the stored one. */
  async put(protocol: SignInProtocol, fields: Pick<SignInProvider, 'enabled' | 'config'> & { secret?: string | null }): Promise<SignInProvider> {
    const repo = this.dataSource.getRepository(SignInProvider);
    const existing = await repo.findOneBy({ protocol });
    const row = existing ?? repo.create({ id: newId(), protocol, secret: null });
    row.enabled = fields.enabled;
    row.config = fields.config;
    if (fields.secret !== undefined) row.secret = fields.secret;
    return repo.save(row);
  }

  async remove(protocol: SignInProtocol): Promise<boolean> {
    const result = await this.dataSource.getRepository(SignInProvider).delete({ protocol });
    return (result.affected ?? 0) > 0;
  }
}
