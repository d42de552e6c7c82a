// The process's log on stdout: one line per request, and the start-up and mail lines, either as
// JSON objects (LOG_FORMAT=json, for a collector such as journald, Loki or Elasticsearch) or as
// short lines for a person at a terminal (LOG_FORMAT=pretty).
//
// Lines are gathered and written once per turn of the event loop: a write to a pipe is
// synchronous on Linux, and one write per request would put a system call on every response.
import type { RequestLogEntry, RequestLogger } from '../../http/request-log.ts';

export type LogFormat = 'json' | 'pretty';

export interface NodeLog {
  /** A line about the process (start-up, mail, shutdown). */
  event(line: string): void;
  request: RequestLogger;
  /** Writes what is gathered now (before process.exit). */
  flush(): void;
}

function prettyRequest(entry: RequestLogEntry): string {
  const route = entry.route ?? '(no route)';
  return `${entry.time} ${entry.requestId} ${entry.method.padEnd(6)} ${route} ${entry.status} ${entry.durationMs} ms`;
}

export function createNodeLog(format: LogFormat, write: (text: string) => void = (text) => void process.stdout.write(text)): NodeLog {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  const push = (line: string) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return {
    event(line) {
      push(format === 'json' ? JSON.stringify({ time: new Date().toISOString(), type: 'event', message: line }) : line);
    },
    request(entry) {
      push(format === 'json' ? JSON.stringify({ type: 'request', ...entry }) : prettyRequest(entry));
    },
    flush,
  };
}
