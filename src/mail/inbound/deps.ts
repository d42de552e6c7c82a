// What the mail pipeline needs from the platform: every job of src/mail/inbound takes these.
import type { AppDatabase } from '../../db/database.ts';
import type { FileStore } from '../../db/files.ts';
import type { Clock } from '../../lib/time.ts';
import type { MailLimits, MailReader } from './reading.ts';

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
  /** Where messages are read and understood: worker threads on Node; this thread when absent. */
  reader?: MailReader;
  /** The limits every reading keeps to; DEFAULT_MAIL_LIMITS when absent. */
  limits?: MailLimits;
  /**
   * The SHA-256 of a raw message, in hex, from the platform (Node's is synchronous and costs a
   * fraction of Web Crypto's per call, which counts under a flood); Web Crypto when absent.
   */
  sha256?(bytes: Uint8Array): string;
}
