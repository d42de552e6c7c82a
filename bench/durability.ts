// Durability under a crash: many clients submit comments, the server is killed with SIGKILL while
// requests are in flight, and every comment the server acknowledged must be in the database file.
// Our own client loop (not autocannon), because every response has to be read.
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from '../src/platform/node/data-dir.ts';
import { commentFormBody, commentText, type FormSession, paragraphFor, type ServerProcess, SLUG } from './lib.ts';

export type Channel = 'json' | 'form';

export interface DurabilityFigures {
  channel: Channel;
  clients: number;
  seconds: number;
  acknowledged: number;
  /** Requests sent and not yet answered when SIGKILL was sent. */
  inFlightAtKill: number;
  /** From the last acknowledgement received before the kill to the kill itself. */
  lastAckToKillMs: number;
  /** Answered, but not with 201/303 (should be 0). */
  refused: Record<string, number>;
  /** Requests that failed before the kill (should be 0). */
  errorsBeforeKill: number;
  found: number;
  missing: string[];
  /** Comment rows added during the probe: acknowledged plus some of those in flight. */
  rowsAdded: number;
}

/** Sends one comment; the tracking number if the server acknowledged it, else the status. */
type Submit = (seq: number) => Promise<{ trackingNumber: string } | { status: number }>;

function jsonSubmitter(baseUrl: string): Submit {
  return async (seq) => {
    const response = await fetch(`${baseUrl}/api/consultations/${SLUG}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paragraphId: paragraphFor(seq), body: commentText(seq) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 201) {
      await response.arrayBuffer();
      return { status: response.status };
    }
    const { trackingNumber } = (await response.json()) as { trackingNumber: string };
    return { trackingNumber };
  };
}

function formSubmitter(baseUrl: string, session: FormSession): Submit {
  return async (seq) => {
    const response = await fetch(`${baseUrl}/consultations/${SLUG}/comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: commentFormBody(session, seq),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    const trackingNumber = /\/receipts\/(YJ-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(response.headers.get('location') ?? '')?.[1];
    return response.status === 303 && trackingNumber ? { trackingNumber } : { status: response.status };
  };
}

function countComments(dbFile: string): number {
  const db = new BetterSqlite3(dbFile);
  try {
    return (db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** After the crash: which acknowledged tracking numbers are missing from the database file? */
function findMissing(dbFile: string, trackingNumbers: string[]): string[] {
  // Opened read-write, as the restarted server would: SQLite recovers the WAL left by the crash.
  const db = new BetterSqlite3(dbFile);
  try {
    const lookup = db.prepare('SELECT 1 FROM comments WHERE tracking_number = ?').pluck();
    return trackingNumbers.filter((number) => lookup.get(number) === undefined);
  } finally {
    db.close();
  }
}

/** Runs the probe and leaves the server dead (killed). */
export async function probeDurability(
  server: ServerProcess,
  channel: Channel,
  options: { clients: number; seconds: number; session?: FormSession },
): Promise<DurabilityFigures> {
  const dbFile = databasePath(server.dataDir);
  // A concurrent reader is fine in WAL mode; this reads the committed state before the probe.
  const rowsBefore = countComments(dbFile);
  const submit = channel === 'json' ? jsonSubmitter(server.url) : formSubmitter(server.url, options.session!);

  const acknowledged: string[] = [];
  const refused: Record<string, number> = {};
  let inFlight = 0;
  let errorsBeforeKill = 0;
  let armed = false;
  let killed = false;
  let inFlightAtKill = 0;
  let lastAckAt = 0;
  let killedAt = 0;
  let crashed: Promise<void> = Promise.resolve();
  let seq = 0;

  // Stop issuing requests and send SIGKILL in the same tick, with the others still in flight.
  const kill = () => {
    if (killed) return;
    killed = true;
    inFlightAtKill = inFlight;
    killedAt = performance.now();
    crashed = server.crash();
  };

  const client = async () => {
    while (!killed) {
      inFlight++;
      let acked = false;
      try {
        const outcome = await submit(seq++);
        // An acknowledgement that arrives after the kill still counts: the server sent it.
        if ('trackingNumber' in outcome) {
          acknowledged.push(outcome.trackingNumber);
          if (!killed) lastAckAt = performance.now();
          acked = true;
        } else {
          refused[outcome.status] = (refused[outcome.status] ?? 0) + 1;
        }
      } catch {
        if (!killed) errorsBeforeKill++;
      }
      inFlight--;
      // Once the time is up, the kill follows the next acknowledgement immediately: the harshest
      // moment, when the server has just answered and the client has just heard.
      if (armed && acked) kill();
    }
  };

  const clients = Array.from({ length: options.clients }, client);
  await new Promise((done) => setTimeout(done, options.seconds * 1000));
  armed = true;
  // Should no acknowledgement come at all, kill anyway.
  const fallback = setTimeout(kill, 2000);
  await Promise.all(clients);
  clearTimeout(fallback);
  await crashed;

  const missing = findMissing(dbFile, acknowledged);
  return {
    channel,
    clients: options.clients,
    seconds: options.seconds,
    acknowledged: acknowledged.length,
    inFlightAtKill,
    lastAckToKillMs: killedAt - lastAckAt,
    refused,
    errorsBeforeKill,
    found: acknowledged.length - missing.length,
    missing,
    rowsAdded: countComments(dbFile) - rowsBefore,
  };
}
