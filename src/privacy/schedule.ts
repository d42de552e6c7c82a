// The daily retention purge, in the server process: once shortly after start-up, then every 24
// hours. Time for the cut-off comes from the injected clock; only the pacing uses real timers.
import type { AppDatabase } from '../db/database.ts';
import type { Clock } from '../lib/time.ts';
import { purgeExpiredContacts } from './purge.ts';

export interface PrivacySchedule {
  /** One run now (after any in progress). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function startPrivacySchedule(options: {
  db: AppDatabase;
  clock: Clock;
  retentionDays: number;
  consultationChanged?(slug: string): void;
  log?: (line: string) => void;
  /** The first run, after start-up settles. Default one minute. */
  firstRunMs?: number;
}): PrivacySchedule {
  const log = options.log ?? (() => {});
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      const { consultations } = await purgeExpiredContacts(options, { now: options.clock(), retentionDays: options.retentionDays, dryRun: false, via: 'scheduler' });
      for (const c of consultations) {
        log(`个人信息保存期满，已删除 / retention purge: ${c.slug}: ${c.comments} comment(s), ${c.messages} message(s), ${c.mails} mail(s)`);
      }
    } catch (error) {
      log(`个人信息清理失败 / retention purge failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const runOnce = () => {
    current = current.then(pass);
    return current;
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(() => schedule(DAY_MS)), delay);
    (timer as unknown as { unref?(): void }).unref?.();
  };
  schedule(options.firstRunMs ?? 60_000);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
