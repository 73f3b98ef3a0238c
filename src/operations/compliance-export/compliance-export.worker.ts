import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../../core/config/app-config.service';
import { DrainLoop } from '../../core/outbox/drain-loop';
import { FILE_STORAGE, type FileStorage } from '../../conversations/uploads/storage/file-storage';
import { ExportReader } from '../data-export/store/export-reader';
import { writeArchive } from './archive-writer';
import { COMPLIANCE_SECTIONS } from './store/compliance-sections';
import { ComplianceExportsRepository } from './store/compliance-exports.repository';
import type { ComplianceExport } from './store/entities/compliance-export.entity';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';

/** Rows per cursor read, as the user's export reads them. */
const BATCH = 500;
/** A job that failed this many times is `failed` for good. */
const MAX_ATTEMPTS = 3;
const POLL_MS = 30_000;
const HEARTBEAT_MS = 30_000;
/** Archives removed per pass of the loop. */
const EXPIRE_BATCH = 20;

/** Where the archive of a compliance export is stored. */
export const archiveKey = (id: string) => `compliance-export-${id}`;

/**
 * Runs compliance export jobs on any node (docs/compliance.md): claims one (SKIP LOCKED, with a
 * lease renewed while it runs, so a dead node's job is taken over), reads every section from one
 * snapshot through the user export's reader inside the organization it exports, writes the zip to a temporary file under DATA_DIR
 * (streaming, memory flat), moves it into the upload storage and records the manifest. A failed
 * attempt goes back to pending, up to three attempts. Kicked when a job is created; polls otherwise.
 * With no job due, the same loop removes archives past COMPLIANCE_EXPORT_TTL (the job becomes `expired`).
 */
@Injectable()
export class ComplianceExportWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ComplianceExportWorker.name);
  private readonly loop = new DrainLoop({
    name: 'Compliance export',
    logger: this.logger,
    drain: () => this.drain(),
    batch: 1,
    intervalMs: () => POLL_MS,
  });
  /** Drains under way on this node, from their claim on. */
  private readonly runs = new Set<Promise<void>>();

  constructor(
    private readonly exports: ComplianceExportsRepository,
    private readonly reader: ExportReader,
    private readonly config: AppConfig,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await Promise.all([...this.runs]);
  }

  kick(): void {
    this.loop.kick();
  }

  /** Claims and runs one due job; answers how many it ran (0 or 1). */
  async drain(): Promise<number> {
    let done!: () => void;
    const run = new Promise<void>((resolve) => (done = resolve));
    this.runs.add(run);
    try {
      const job = await OrganizationScope.runAsSystem(() => this.exports.claim());
      if (!job) return await this.expireArchives();
      // The job is its organization's row, kept there; it reads its source organization (run below).
      await OrganizationScope.run(job.organizationId ?? DEFAULT_ORGANIZATION_ID, () => this.run(job));
      return 1;
    } finally {
      done();
      this.runs.delete(run);
    }
  }

  /**
   * Removes the archives of finished jobs older than COMPLIANCE_EXPORT_TTL (0: never), each in its
   * organization, and marks the job `expired`; answers how many (a batch at a time, like a claim).
   */
  async expireArchives(): Promise<number> {
    const ttl = this.config.get('COMPLIANCE_EXPORT_TTL');
    if (ttl === 0) return 0;
    const due = await OrganizationScope.runAsSystem(() => this.exports.due(ttl, EXPIRE_BATCH));
    let expired = 0;
    for (const job of due) {
      await OrganizationScope.run(job.organization_id, async () => {
        if (job.storage_key) await this.storage.delete([job.storage_key]);
        if (await this.exports.expire(job.id)) expired += 1;
      });
    }
    return expired;
  }

  /** Waits for the jobs this node is running, then runs every due job (tests; bounded). */
  async settle(): Promise<void> {
    for (let i = 0; i < 1_000; i += 1) {
      await Promise.all([...this.runs]);
      if ((await this.drain()) === 0 && this.runs.size === 0) return;
    }
  }

  private async run(job: ComplianceExport): Promise<void> {
    const dir = join(resolve(this.config.get('DATA_DIR')), 'compliance-exports-tmp');
    const target = join(dir, `${job.id}.zip`);
    const heartbeat = setInterval(() => void this.exports.heartbeat(job.id).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      await mkdir(dir, { recursive: true });
      const sections = COMPLIANCE_SECTIONS.filter((section) => job.includeFiles || !section.internal);
      const source = job.sourceOrganizationId;
      let snapshotAt = new Date();
      // Read inside the source organization (an operator's export of another one too, never in system
      // scope): row-level security shows the snapshot that organization's rows only. The job's own
      // rows (heartbeat, finish) stay in the job's organization.
      const written = await OrganizationScope.run(source, () =>
        writeArchive(target, {
          format: job.format,
          sections,
          parts: this.reader.snapshot(
            sections,
            [job.roomIds, job.userIds, job.fromAt, job.untilAt, job.organizationWide ? source : null],
            BATCH,
            (at) => (snapshotAt = at),
          ),
          snapshotAt: () => snapshotAt,
          openFile: (key) => this.openStored(key),
        }),
      );
      await this.storage.putFile(archiveKey(job.id), target, 'application/zip');
      await this.exports.finish(job.id, { storageKey: archiveKey(job.id), ...written });
    } catch (error) {
      this.logger.error(`Compliance export ${job.id} failed (attempt ${job.attempts}): ${String(error)}`);
      await rm(target, { force: true });
      await this.exports.fail(job.id, 'The export could not be written; see the server log.', job.attempts >= MAX_ATTEMPTS);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** An attachment's bytes from the upload storage (a presigned URL is fetched); null when they are gone. */
  private async openStored(key: string): Promise<Readable | null> {
    try {
      const file = await this.storage.open(key, { contentType: 'application/octet-stream', disposition: 'attachment' });
      if (file.kind === 'stream') return file.stream;
      const response = await fetch(file.url);
      if (!response.ok || !response.body) return null;
      return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
    } catch {
      return null;
    }
  }
}
