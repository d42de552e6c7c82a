// Processing after the door has answered: the SMTP 250 never waits for parsing. Each door stores
// the message (./store.ts), answers, and enqueues its id here; the queue runs ./process.ts.
import type { MailDeps } from './deps.ts';
import { processInbound } from './process.ts';

export interface InboundQueue {
  /** Processes the message soon; safe to call twice for the same id. */
  enqueue(id: number): void;
  /** Resolves once every message enqueued so far has been processed. */
  idle(): Promise<void>;
  /** How many messages are waiting or being processed. */
  readonly size: number;
}

/**
 * A few messages at a time: enough for their batches to share the writer's group commits, few
 * enough that reading large messages does not starve the web requests on the same event loop.
 * A failure is recorded on the message by processInbound; one that escapes (the database itself
 * failing) is logged and the message stays 'received' for the next start.
 */
export function createInboundQueue(deps: MailDeps, options: { concurrency?: number; log?: (line: string) => void } = {}): InboundQueue {
  const concurrency = options.concurrency ?? 8;
  const waiting: number[] = [];
  const queued = new Set<number>();
  let running = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (running === 0 && waiting.length === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };
  const pump = () => {
    while (running < concurrency && waiting.length) {
      const id = waiting.shift()!;
      running++;
      processInbound(deps, id)
        .catch((error: unknown) => options.log?.(`邮件 ${id} 处理失败 / processing message ${id} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          running--;
          queued.delete(id);
          pump();
          settle();
        });
    }
  };
  return {
    enqueue(id) {
      if (queued.has(id)) return;
      queued.add(id);
      waiting.push(id);
      pump();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get size() {
      return queued.size;
    },
  };
}
