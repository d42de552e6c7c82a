// Mail reading off the event loop (Node): a few worker threads run the reading step of every
// message — MIME, charsets, attachments, understanding, search keys — so that the thread that
// answers web requests only stores and files. The threads run at the lowest priority (nice 19,
// Linux): reading can wait, so a busy site keeps its cores (bench (f) on two shared cores: the
// page kept 0.57–0.73 of its throughput during a flood at nice 10, 0.64–0.87 at nice 19). Each
// job has a hard time limit on the CPU its thread spends (on the wall clock where /proc does not
// tell): a thread past it is terminated (and a fresh one started for the next job), and the
// message set aside with the reason. A thread that runs out of memory ends the same way. Threads
// start on the first message and stop after a minute without one.
import type { Worker } from 'node:worker_threads';
import { type MailReader, MailReaderStopped, type ReadingJob, type ReadingOutcome } from '../../mail/inbound/reading.ts';
import type { WireJob, WireReady, WireReply } from './mail-reader-worker.ts';
import { threadCpuMs } from './thread-cpu.ts';
import { startThread } from './threads.ts';

export interface MailReaderPoolOptions {
  /** Threads reading at once (MAIL_READ_THREADS; 1 by default: on a small machine the web keeps a core). */
  threads?: number;
  /** A thread with nothing to do for this long is stopped (60 s by default). */
  idleMs?: number;
  /** The V8 heap a thread may use, in MB (256 by default): a message that needs more is stopped. */
  heapMb?: number;
  /** The threads' nice value (19 by default; 0 keeps the web's priority). */
  nice?: number;
  log?: (line: string) => void;
}

export interface MailReaderPool extends MailReader {
  /** Jobs waiting for a thread, and being read. */
  readonly pending: number;
  close(): Promise<void>;
}

interface Job {
  id: number;
  job: ReadingJob;
  resolve(outcome: ReadingOutcome): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<void> | null;
  /** The thread's id, to read its CPU time; null where /proc does not tell. */
  threadId: number | null;
  /** The directory stamp this thread holds. */
  stamp: string | null;
  current: Job | null;
  timer: ReturnType<typeof setInterval> | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

export function createMailReaderPool(options: MailReaderPoolOptions = {}): MailReaderPool {
  const threads = Math.max(1, options.threads ?? 1);
  const idleMs = options.idleMs ?? 60_000;
  const heapMb = options.heapMb ?? 256;
  const log = options.log ?? (() => {});
  const slots: Slot[] = Array.from({ length: threads }, () => ({ worker: null, ready: null, threadId: null, stamp: null, current: null, timer: null, idleTimer: null }));
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  const settle = (slot: Slot, settleJob: (job: Job) => void) => {
    const job = slot.current;
    slot.current = null;
    if (slot.timer) clearInterval(slot.timer);
    slot.timer = null;
    if (job) settleJob(job);
  };

  /** Forgets a thread (terminated, crashed or stopped when idle); the next job starts a fresh one. */
  const retire = (slot: Slot, worker: Worker) => {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.ready = null;
    slot.stamp = null;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    void worker.terminate();
  };

  const start = (slot: Slot): Worker => {
    const worker = startThread('mail-reader-worker', { resourceLimits: { maxOldGenerationSizeMb: heapMb }, workerData: { nice: options.nice ?? 19 } });
    slot.worker = worker;
    slot.threadId = null;
    slot.ready = new Promise<void>((resolve) =>
      worker.once('message', (ready: WireReady) => {
        slot.threadId = ready.threadId;
        resolve();
      }),
    );
    worker.on('message', (reply: WireReply | WireReady) => {
      if ('ready' in reply || slot.current?.id !== reply.id) return;
      settle(slot, (job) => ('outcome' in reply ? job.resolve(reply.outcome) : job.reject(new Error(reply.error))));
      idle(slot);
      pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      log(`邮件读取线程出错 / mail reader thread failed: ${error.message}`);
      settle(slot, (job) => (outOfMemory ? job.resolve({ ok: false, breach: { code: 'memory', limit: heapMb * 1024 * 1024 } }) : job.reject(error)));
      retire(slot, worker);
      pump();
    });
    worker.on('exit', () => {
      settle(slot, (job) => job.reject(closed ? new MailReaderStopped() : new Error('the mail reader thread stopped')));
      retire(slot, worker);
      pump();
    });
    return worker;
  };

  const idle = (slot: Slot) => {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const worker = slot.worker;
    if (!worker) return;
    slot.idleTimer = setTimeout(() => {
      if (!slot.current && slot.worker === worker) retire(slot, worker);
    }, idleMs);
    slot.idleTimer.unref?.();
  };

  const run = (slot: Slot, job: Job) => {
    slot.current = job;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const worker = slot.worker ?? start(slot);
    void slot.ready!.then(() => {
      if (slot.current !== job || slot.worker !== worker) return;
      const { understand, ...rest } = job.job;
      let wire: WireJob = rest;
      if (understand) {
        const known = slot.stamp === understand.directory.stamp;
        wire = { ...rest, understand: { ...understand, directory: known ? { stamp: understand.directory.stamp } : understand.directory } };
        slot.stamp = understand.directory.stamp;
      }
      // The clock starts when the thread has the job: waiting for a free thread is not reading.
      // It counts the thread's CPU time from the first check on (so that most jobs, done before
      // it, cost no /proc read here), with the wall clock as a backstop at ten times the limit,
      // and as the only clock where /proc does not tell.
      const limit = job.job.limits.maxMillis;
      const every = Math.min(250, Math.max(20, limit / 4));
      const wallAtStart = performance.now();
      let cpuAtFirstCheck: number | null = null;
      const overLimit = () => {
        const wall = performance.now() - wallAtStart;
        const cpu = slot.threadId === null ? null : threadCpuMs(slot.threadId);
        if (cpu === null) return wall > limit;
        cpuAtFirstCheck ??= cpu;
        // The first interval is counted as if the thread had been busy all of it.
        return cpu - cpuAtFirstCheck + every > limit || wall > limit * 10;
      };
      slot.timer = setInterval(() => {
        if (!overLimit()) return;
        log(`邮件读取超时，已终止线程 / mail reading took over ${limit} ms; thread terminated`);
        settle(slot, (timedOut) => timedOut.resolve({ ok: false, breach: { code: 'time', limit } }));
        retire(slot, worker);
        pump();
      }, every);
      worker.postMessage({ id: job.id, job: wire });
    });
  };

  const pump = () => {
    if (closed) return;
    for (const slot of slots) {
      if (slot.current || waiting.length === 0) continue;
      run(slot, waiting.shift()!);
    }
  };

  return {
    read(job) {
      if (closed) return Promise.reject(new MailReaderStopped());
      return new Promise<ReadingOutcome>((resolve, reject) => {
        waiting.push({ id: nextId++, job, resolve, reject });
        pump();
      });
    },
    get pending() {
      return waiting.length + slots.filter((slot) => slot.current).length;
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(new MailReaderStopped());
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          settle(slot, (job) => job.reject(new MailReaderStopped()));
          if (worker) {
            slot.worker = null;
            if (slot.idleTimer) clearTimeout(slot.idleTimer);
            await worker.terminate();
          }
        }),
      );
    },
  };
}
