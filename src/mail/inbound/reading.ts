// The heavy step of the pipeline: a stored raw message read (MIME, charsets, attachments) and
// understood (consultation, unit, paragraphs), with the search keys of the comments it gives. It is
// CPU work proportional to what a stranger sent, so it does not run on the thread that answers web
// requests: the platform runs it behind a MailReader (worker threads on Node; on Workers, a queue
// consumer). It touches no database and no platform API: a job in, plain data out.
//
// Every reading keeps to limits — what an attachment may decompress to, how much text one
// attachment and one message may give, how long it may take. A message over a limit is still
// stored and filed, as needing attention, with the reason.
import { searchKey } from '../../lib/chinese.ts';
import { cleanText } from '../../lib/sanitize.ts';
import { readMessage } from '../read.ts';
import type { IntakeConsultation, IntakeContext, IntakeUnit, LimitBreach, MailLimits, MailProblem, ReadMessage, Understanding } from '../types.ts';
import { understandMessage } from '../understand.ts';
import { headerValues, rawHeaderText } from './headers.ts';

export type { LimitBreach, LimitCode, MailLimits } from '../types.ts';

/**
 * Far above any feedback a person writes (a 150-page Word document gives some 300,000
 * characters), far below what would keep a core busy for long: a 180 KB .docx holding 60 MB of
 * XML is refused before it is inflated.
 */
export const DEFAULT_MAIL_LIMITS: MailLimits = {
  maxUnpackedBytes: 16 * 1024 * 1024,
  maxAttachmentChars: 300_000,
  maxMessageChars: 500_000,
  maxMillis: 20_000,
};

/** What the pipeline knows about consultations and units, named by a stamp that changes with them. */
export interface DirectoryData {
  stamp: string;
  consultations: IntakeConsultation[];
  units: IntakeUnit[];
}

export interface ReadingJob {
  raw: Uint8Array;
  limits: MailLimits;
  /** Also understand the message against this directory; without it the message is only read. */
  understand?: {
    door: 'smtp' | 'imap' | 'file' | 'upload';
    envelopeTo: string[];
    receivedAt: Date;
    forcedConsultationId: number | null;
    notSpam: boolean;
    directory: DirectoryData;
  };
  /** Whether the attachments' bytes are wanted back (to be stored); a reading for display needs none. */
  attachmentBytes: boolean;
}

export interface Reading {
  /** The raw header section, unfolded (see rawHeaderText). */
  headers: string;
  message: ReadMessage;
  understanding: Understanding | null;
  /** The search key of each understood comment, in order (as insertCommentQueries would compute it). */
  searchTexts: string[];
}

export type ReadingOutcome = { ok: true; reading: Reading } | { ok: false; breach: LimitBreach };

/**
 * The reader is stopping (the server shuts down): the message was not read, and stays 'received'
 * to be read at the next start rather than being set aside.
 */
export class MailReaderStopped extends Error {
  constructor() {
    super('the mail reader is stopping');
    this.name = 'MailReaderStopped';
  }
}

/**
 * Runs the reading step somewhere: in this thread (inlineMailReader), a worker thread, a queue.
 * Resolves with the breach when the runner itself stopped the reading (time, memory); rejects only
 * when the runner failed for another reason.
 */
export interface MailReader {
  read(job: ReadingJob): Promise<ReadingOutcome>;
}

/** A limit the reading went over, as the problem an officer is told of (worded by src/mail/wording.ts). */
export function overLimitProblem(breach: LimitBreach): MailProblem {
  return {
    code: 'over-limit',
    params: { limit: breach.code, ...(breach.attachment ? { name: breach.attachment } : {}), ...(breach.size ? { size: breach.size } : {}), max: breach.limit },
  };
}

/** The context understanding needs: recipients, time, the consultations and units it may match. */
export function intakeContext(headers: string, message: ReadMessage, input: NonNullable<ReadingJob['understand']>): IntakeContext {
  // Without an envelope (IMAP, files) the headers say where the message went.
  const recipients = input.envelopeTo.length ? input.envelopeTo : [...headerValues(headers, 'delivered-to'), ...message.to, ...message.cc];
  return {
    recipients: recipients.map((r) => r.trim().toLowerCase()),
    receivedAt: input.receivedAt,
    timing: input.door === 'smtp' ? 'live' : 'imported',
    forcedConsultationId: input.forcedConsultationId,
    notSpam: input.notSpam,
    consultations: input.directory.consultations,
    units: input.directory.units,
  };
}

/**
 * The reading step itself. Time is checked between attachments, by `clock` (milliseconds: the
 * wall clock by default; a reader thread passes its own CPU time, so that waiting for a core while
 * the web is busy does not count); a runner may also stop it outright.
 */
export async function readMail(job: ReadingJob, clock: () => number = Date.now): Promise<ReadingOutcome> {
  const deadline = clock() + job.limits.maxMillis;
  const message = await readMessage(job.raw, { limits: job.limits, deadline, clock });
  if (message.limit?.code === 'time') return { ok: false, breach: message.limit };
  // Over a content limit: read no further; the message goes to an officer with its attachments
  // (shown, it says why its attachments were not read).
  if (message.limit) {
    if (job.understand) message.failed = overLimitProblem(message.limit);
    else message.warnings.push(overLimitProblem(message.limit));
  }
  if (!job.attachmentBytes) for (const attachment of message.attachments) attachment.content = new Uint8Array(0);
  const headers = rawHeaderText(job.raw);
  if (!job.understand) return { ok: true, reading: { headers, message, understanding: null, searchTexts: [] } };

  const understanding = understandMessage(message, intakeContext(headers, message, job.understand));
  if (clock() > deadline) return { ok: false, breach: { code: 'time', limit: job.limits.maxMillis } };
  // Mail is a door too: what XML forbids never becomes a comment.
  for (const comment of understanding.comments) comment.text = cleanText(comment.text);
  const searchTexts = understanding.comments.map((comment) => searchKey(`${comment.text} ${message.from?.name ?? ''} ${understanding.unitName ?? ''}`));
  return { ok: true, reading: { headers, message, understanding, searchTexts } };
}

/**
 * The reading step in the calling thread: for the command line, tests of the pipeline itself,
 * and platforms whose caller is already off the request path. Time is only checked between
 * attachments here; a worker thread can be stopped outright.
 */
export const inlineMailReader: MailReader = {
  read: (job) => readMail(job),
};
