// What the mail pipeline needs from the platform: every job of src/mail/inbound takes these.
import type { AppDatabase } from '../../db/database.ts';
import type { FileStore } from '../../db/files.ts';
import type { Clock } from '../../lib/time.ts';

export interface MailDeps {
  db: AppDatabase;
  clock: Clock;
  /** MAIL_DOMAIN: intake addresses are <intake_local or slug>@mailDomain. */
  mailDomain: string;
  /** For the tracking link in acknowledgements. */
  publicBaseUrl: string;
  /**
   * Where raw messages and attachments go when the platform keeps bytes apart from the database
   * (Workers: R2). Absent on Node: the bytes stay in their SQLite rows.
   */
  files?: FileStore;
  /** Drops this process's caches of a consultation whose public page just changed. */
  consultationChanged?(slug: string): void;
  /** RETENTION_DAYS, as the privacy notice in acknowledgements states it; 365 when absent. */
  retentionDays?: number;
}
