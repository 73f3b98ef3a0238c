import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditRepository } from './store/audit.repository';

/** The audit log, available to every feature that performs moderation or administrative actions. */
@Global()
@Module({ providers: [AuditLog, AuditRepository], exports: [AuditLog] })
export class AuditModule {}
