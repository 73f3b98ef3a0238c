import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';

/** The audit log, available to every feature that performs moderation or administrative actions. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
