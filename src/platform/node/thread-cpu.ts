// The CPU time of one thread (Linux, from /proc): what a mail reader thread has really spent, as
// opposed to the wall-clock time it waited for a core while the web was busy. Elsewhere there is
// no thread id and callers fall back to the wall clock.
import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Linux reports CPU time in ticks of 1/100 s (USER_HZ) whatever the kernel's own rate. */
const TICK_MS = 10;

/** The calling thread's id (Linux), or null where there is no /proc/thread-self. */
export function currentThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** Milliseconds of CPU (user + system) a thread of this process has used, or null. */
export function threadCpuMs(threadId: number): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Lowers one thread's scheduling priority (nice), best effort: the web's threads stay as they are. */
export function lowerThreadPriority(threadId: number, nice: number): boolean {
  try {
    setPriority(threadId, nice);
    return true;
  } catch {
    return false;
  }
}
