// A mail reader thread: runs the reading step (src/mail/inbound/reading.ts) for one job at a time,
// off the thread that answers web requests, at a lower scheduling priority than the web's threads
// (on Linux): when both want a core, the web gets it. Its time limit counts the CPU it spends, not
// the time it waits. It keeps the last directory of consultations and units it was sent, so that a
// job names it by its stamp instead of carrying it every time.
import { parentPort, workerData } from 'node:worker_threads';
import { type DirectoryData, readMail, type ReadingJob, type ReadingOutcome } from '../../mail/inbound/reading.ts';
import { currentThreadId, lowerThreadPriority, threadCpuMs } from './thread-cpu.ts';

/** A job as it travels: its directory without data when this thread already has that stamp. */
export interface WireJob extends Omit<ReadingJob, 'understand'> {
  understand?: Omit<NonNullable<ReadingJob['understand']>, 'directory'> & { directory: { stamp: string } & Partial<DirectoryData> };
}

export type WireReply = { id: number; outcome: ReadingOutcome } | { id: number; error: string };
export interface WireReady {
  ready: true;
  /** This thread's id, for the pool to watch its CPU time; null where it cannot be known. */
  threadId: number | null;
}

let directory: DirectoryData | null = null;

const threadId = currentThreadId();
if (threadId !== null) lowerThreadPriority(threadId, (workerData as { nice?: number } | undefined)?.nice ?? 19);
let lastCpu = 0;
/** This thread's CPU milliseconds where /proc tells them, else the wall clock. */
const clock: () => number =
  threadId !== null && threadCpuMs(threadId) !== null
    ? () => {
        lastCpu = threadCpuMs(threadId) ?? lastCpu;
        return lastCpu;
      }
    : Date.now;

/** The buffers of the attachments' bytes, handed over rather than copied. */
function transferable(outcome: ReadingOutcome): ArrayBuffer[] {
  if (!outcome.ok) return [];
  const buffers = new Set<ArrayBuffer>();
  for (const attachment of outcome.reading.message.attachments) {
    const { buffer, byteOffset, byteLength } = attachment.content;
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength && byteLength > 0) buffers.add(buffer);
  }
  return [...buffers];
}

parentPort!.on('message', async ({ id, job }: { id: number; job: WireJob }) => {
  try {
    let understand: ReadingJob['understand'];
    if (job.understand) {
      const sent = job.understand.directory;
      if (sent.consultations && sent.units) directory = { stamp: sent.stamp, consultations: sent.consultations, units: sent.units };
      if (!directory || directory.stamp !== sent.stamp) throw new Error(`directory ${sent.stamp.slice(0, 40)} was never sent to this thread`);
      understand = { ...job.understand, directory };
    }
    const outcome = await readMail({ ...job, ...(understand ? { understand } : {}) } as ReadingJob, clock);
    parentPort!.postMessage({ id, outcome } satisfies WireReply, transferable(outcome));
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies WireReply);
  }
});
parentPort!.postMessage({ ready: true, threadId } satisfies WireReady);
