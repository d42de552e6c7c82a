// Reading and understanding a stored raw message: the MIME reading (../read.ts) and the pure
// understanding (../understand.ts) given what the directory knows. Writes nothing, so that
// `mail:import --dry-run` can show what a message would give.
import type { InboundDoor } from '../../db/schema.ts';
import { readMessage } from '../read.ts';
import type { IntakeContext, ReadMessage, Understanding } from '../types.ts';
import { understandMessage } from '../understand.ts';
import type { MailDeps } from './deps.ts';
import { type IntakeDirectory, loadIntakeDirectory } from './directory.ts';
import { headerValues, rawHeaderText } from './headers.ts';

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
}

export async function understandRaw(deps: Pick<MailDeps, 'db' | 'mailDomain'>, input: UnderstandInput): Promise<Understood> {
  const directory = await loadIntakeDirectory(deps.db, deps.mailDomain);
  const message = await readMessage(input.raw);
  const headers = rawHeaderText(input.raw);
  // Without an envelope (IMAP, files) the headers say where the message went.
  const recipients = input.envelopeTo.length ? input.envelopeTo : [...headerValues(headers, 'delivered-to'), ...message.to, ...message.cc];
  const context: IntakeContext = {
    recipients: recipients.map((r) => r.trim().toLowerCase()),
    receivedAt: input.receivedAt,
    timing: input.door === 'smtp' ? 'live' : 'imported',
    forcedConsultationId: input.forcedConsultationId ?? null,
    notSpam: input.notSpam === true,
    consultations: directory.consultations,
    units: directory.units,
  };
  return { headers, message, context, understanding: understandMessage(message, context), directory };
}
