// The loop that sends the outbox and queues due reminders. One run at a time: a run that takes
// longer than the interval delays the next instead of overlapping it. Time comes from the
// injected clock; only the pacing uses real timers.
import type { AppDatabase } from '../db/database.ts';
import { type OutboundSettings, queueDueReminders } from '../departments/invitations.ts';
import type { Clock } from '../lib/time.ts';
import { type DeliveryOptions, type DeliveryRun, deliverDueMail } from './delivery.ts';

export interface MailSchedulerOptions {
  db: AppDatabase;
  clock: Clock;
  delivery: Omit<DeliveryOptions, 'clock'>;
  settings: OutboundSettings;
  /** How often the outbox is looked at. Default 5 s, so an acknowledgement leaves promptly. */
  deliveryIntervalMs?: number;
  /** How often due reminders are looked for. Default 60 s. */
  reminderIntervalMs?: number;
  log?: (line: string) => void;
}

export interface MailScheduler {
  /** One pass now (reminders if due, then delivery), after any pass in progress. */
  runOnce(): Promise<DeliveryRun>;
  /** Stops the loop, waits for the pass in progress, closes the transport. */
  stop(): Promise<void>;
}

export function startMailScheduler(options: MailSchedulerOptions): MailScheduler {
  const log = options.log ?? ((line: string) => console.log(line));
  const deliveryInterval = options.deliveryIntervalMs ?? 5_000;
  const reminderInterval = options.reminderIntervalMs ?? 60_000;
  let lastReminderCheck = Number.NEGATIVE_INFINITY;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<DeliveryRun> = Promise.resolve({ sent: 0, retried: 0, failed: 0 });

  const pass = async (): Promise<DeliveryRun> => {
    const now = options.clock();
    if (performance.now() - lastReminderCheck >= reminderInterval) {
      lastReminderCheck = performance.now();
      try {
        const reminders = await queueDueReminders(options.db, { settings: options.settings, now });
        if (reminders.queued.length) log(`已排队催办邮件 / reminders queued: ${reminders.queued.length}`);
      } catch (error) {
        log(`催办失败 / reminders failed: ${(error as Error).message}`);
      }
    }
    try {
      const run = await deliverDueMail(options.db, { ...options.delivery, clock: options.clock });
      if (run.sent || run.retried || run.failed) {
        log(`外发邮件 / outgoing mail: ${run.sent} sent, ${run.retried} to retry, ${run.failed} failed (${options.delivery.transport.description})`);
      }
      return run;
    } catch (error) {
      log(`外发邮件出错 / delivery error: ${(error as Error).message}`);
      return { sent: 0, retried: 0, failed: 0 };
    }
  };

  const runOnce = (): Promise<DeliveryRun> => {
    current = current.then(pass, pass);
    return current;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, deliveryInterval);
    // On Node the timer alone must not keep the process alive; elsewhere a timer is a plain id.
    (timer as unknown as { unref?(): void }).unref?.();
  };
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => {});
      await options.delivery.transport.close?.();
    },
  };
}
