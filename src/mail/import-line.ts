// The line `mail:import --json` prints for each message: what was understood of it. The fields of
// the first version (messageId … comments) keep their names and meaning; the attribution and the
// non-opinions were added after them.
import { blockReference } from '../drafts/reference.ts';
import { translator } from '../lib/i18n.ts';
import type { IntakeContext, NonOpinionKind, ReadMessage, Understanding } from './types.ts';
import { reasonText } from './wording.ts';

export interface ImportLine {
  messageId: string | null;
  consultation: string | null;
  from: string | null;
  /** The unit the sender's address belongs to (never a proposal). */
  unit: string | null;
  receivedAt: string;
  late: boolean;
  outcome: Understanding['outcome'];
  /** Why, in Chinese, as the office reads it. */
  reason: string | null;
  comments: { paragraph: { id: string | number; label: string; number: number | null } | null; text: string }[];
  /** 「其他无意见」: the sender has no objection to the rest of the draft. */
  noObjectionOnRest: boolean;
  /** What was set aside as not an opinion, counted by kind (salutation, receipt, signature…). */
  nonOpinions: Partial<Record<NonOpinionKind, number>>;
  /** Unit names in the display name and the signature, as written. */
  unitNames: string[];
  /**
   * How the message is attributed: by the unit's own address, by an address its invitation went
   * to, proposed from the names it signs with (for an officer to confirm), ambiguous (the names
   * fit several units: `candidates`), or none.
   */
  attribution: {
    by: 'address' | 'invitation' | 'proposed' | 'ambiguous' | 'none';
    unit: string | null;
    signedAs: string | null;
    candidates: string[];
  };
}

function attributionOf(u: Understanding): ImportLine['attribution'] {
  if (u.unitId !== null) return { by: u.unitBy ?? 'address', unit: u.unitName, signedAs: null, candidates: [] };
  if (u.proposedUnit) return { by: 'proposed', unit: u.proposedUnit.name, signedAs: u.proposedUnit.as, candidates: [] };
  if (u.unitAmbiguity) return { by: 'ambiguous', unit: null, signedAs: u.unitAmbiguity.name, candidates: u.unitAmbiguity.candidates.map((c) => c.name) };
  return { by: 'none', unit: null, signedAs: null, candidates: [] };
}

/**
 * One JSON-able line per message. `receivedAt` is the instant lateness was judged by (for an
 * imported message, its earliest trustworthy Received header). A paragraph's `id` is the block's
 * key in the draft ('i4') when known, else its database id; `label` is how people name it (第4项).
 */
export function toImportLine(message: ReadMessage, u: Understanding, context: IntakeContext): ImportLine {
  const consultation = context.consultations.find((c) => c.id === u.consultationId) ?? null;
  const blocks = new Map((consultation?.blocks ?? []).map((block) => [block.id, block]));
  const nonOpinions: Partial<Record<NonOpinionKind, number>> = {};
  for (const n of u.nonOpinions) nonOpinions[n.kind] = (nonOpinions[n.kind] ?? 0) + 1;
  return {
    messageId: message.messageId,
    consultation: consultation?.slug ?? null,
    from: message.from?.address ?? null,
    unit: u.unitName,
    receivedAt: u.sentAt.toISOString(),
    late: u.late,
    outcome: u.outcome,
    reason: reasonText(u.reason, translator('zh-CN')),
    comments: u.comments.map((comment) => {
      const block = comment.blockId !== null ? blocks.get(comment.blockId) : undefined;
      const parent = block?.parentId !== undefined && block.parentId !== null ? (blocks.get(block.parentId) ?? null) : null;
      return {
        paragraph: block ? { id: block.key ?? block.id, label: blockReference(block, 'zh-CN', parent), number: block.number } : null,
        text: comment.text,
      };
    }),
    noObjectionOnRest: u.noObjectionOnRest,
    nonOpinions,
    unitNames: u.unitNames,
    attribution: attributionOf(u),
  };
}
