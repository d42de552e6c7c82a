// Reading and understanding a stored raw message: the directory of consultations and units from
// the database, then the reading step (./reading.ts) wherever the platform runs it — a worker
// thread on Node, so that a large or hostile message never holds up the web. Writes nothing, so
// that `mail:import --dry-run` can show what a message would give.
import type { InboundDoor } from '../../db/schema.ts';
import type { IntakeContext, MailProblem, ReadMessage, Understanding } from '../types.ts';
import type { MailDeps } from './deps.ts';
import { type IntakeDirectory, loadIntakeDirectory } from './directory.ts';
import { DEFAULT_MAIL_LIMITS, inlineMailReader, intakeContext, type LimitBreach, overLimitProblem } from './reading.ts';

export interface UnderstandInput {
  raw: Uint8Array;
  door: InboundDoor;
  envelopeTo: string[];
  receivedAt: Date;
  forcedConsultationId?: number | null;
  /** An officer said the message is not spam. */
  notSpam?: boolean;
}

export interface Understood {
  /** The raw header section, unfolded (see rawHeaderText). */
  headers: string;
  message: ReadMessage;
  context: IntakeContext;
  understanding: Understanding;
  directory: IntakeDirectory;
  /** The search key of each comment, computed where the message was read. */
  searchTexts: string[];
}

/** The reading was stopped at a limit (time, memory) before anything of the message was known. */
export class MailReadingStopped extends Error {
  readonly problem: MailProblem;

  constructor(readonly breach: LimitBreach) {
    super(`reading stopped at its ${breach.code} limit`);
    this.name = 'MailReadingStopped';
    this.problem = overLimitProblem(breach);
  }
}

export async function understandRaw(deps: Pick<MailDeps, 'db' | 'mailDomain' | 'reader' | 'limits'>, input: UnderstandInput): Promise<Understood> {
  const directory = await loadIntakeDirectory(deps.db, deps.mailDomain);
  const job = {
    door: input.door,
    envelopeTo: input.envelopeTo,
    receivedAt: input.receivedAt,
    forcedConsultationId: input.forcedConsultationId ?? null,
    notSpam: input.notSpam === true,
    directory: { stamp: directory.stamp, consultations: directory.consultations, units: directory.units },
  };
  const outcome = await (deps.reader ?? inlineMailReader).read({ raw: input.raw, limits: deps.limits ?? DEFAULT_MAIL_LIMITS, understand: job, attachmentBytes: true });
  if (!outcome.ok) throw new MailReadingStopped(outcome.breach);
  const { headers, message, understanding, searchTexts } = outcome.reading;
  if (!understanding) throw new Error('the reader did not understand the message');
  return { headers, message, context: intakeContext(headers, message, job), understanding, directory, searchTexts };
}

/** A stored message read for display (the office's view of one message): no understanding, no attachment bytes. */
export async function readForDisplay(deps: Pick<MailDeps, 'reader' | 'limits'>, raw: Uint8Array): Promise<{ message: ReadMessage | null; unreadable: MailProblem | null }> {
  const outcome = await (deps.reader ?? inlineMailReader).read({ raw, limits: deps.limits ?? DEFAULT_MAIL_LIMITS, attachmentBytes: false });
  if (!outcome.ok) return { message: null, unreadable: overLimitProblem(outcome.breach) };
  return { message: outcome.reading.message, unreadable: outcome.reading.message.failed ?? null };
}
