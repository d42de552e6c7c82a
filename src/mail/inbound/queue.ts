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

export interface InboundQueueOptions {
  /** Messages processed at once while nothing else is waiting for the machine (8 by default). */
  concurrency?: number;
  /**
   * Whether the site is answering web requests right now (Node: requests in flight). While it is,
   * filing yields: one message at a time, at most one started every `busyGapMs`.
   */
  busy?: () => boolean;
  /** While busy, the least time between the starts of two messages (50 ms by default: ≤ 20 a second). */
  busyGapMs?: number;
  log?: (line: string) => void;
}

/**
 * A few messages at a time: enough for their batches to share the writer's group commits, few
 * enough that reading large messages does not starve the web requests on the same event loop.
 * Filing is background work: every message is stored durably and answered before it gets here,
 * so while the web is busy the queue slows to a trickle instead of taking the cores the pages are
 * answered on (bench (f): a flood of 92 messages a second filed at full speed cost the page GET a
 * quarter of its throughput on two cores; at the trickle, 7–14 %). The backlog is filed at full
 * speed once the web is quiet, and at the trickle's pace meanwhile, so none waits for ever.
 * A failure is recorded on the message by processInbound; one that escapes (the database itself
 * failing) is logged and the message stays 'received' for the next start.
 */
export function createInboundQueue(deps: MailDeps, options: InboundQueueOptions = {}): InboundQueue {
  const concurrency = options.concurrency ?? 8;
  const busy = options.busy ?? (() => false);
  const busyGapMs = options.busyGapMs ?? 50;
  const waiting: number[] = [];
  const queued = new Set<number>();
  let running = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (running === 0 && waiting.length === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };
  const start = (id: number) => {
    running++;
    lastStart = performance.now();
    processInbound(deps, id)
      .catch((error: unknown) => options.log?.(`邮件 ${id} 处理失败 / processing message ${id} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running--;
        queued.delete(id);
        pump();
        settle();
      });
  };
  const pump = () => {
    if (timer) return;
    while (running < concurrency && waiting.length) {
      if (busy()) {
        const wait = lastStart + busyGapMs - performance.now();
        if (running > 0) return;
        if (wait > 0) {
          // Look again once the gap has passed: the web may have quietened, or the trickle goes on.
          timer = setTimeout(() => {
            timer = null;
            pump();
          }, wait);
          return;
        }
      }
      start(waiting.shift()!);
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
