// Rows of the mail pipeline as the officers' mail pages show them (views/mail/models.ts).
import type { Block, OutboxMessage } from '../db/schema.ts';
import { blockCaption } from '../drafts/reference.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/time.ts';
import type {
  ConsultationChoice,
  ConsultationRef,
  FailedMailRow,
  MailAttachmentRow,
  MailCommentRow,
  MailDetailView,
  MailListRow,
  MailSummary,
  ProposalRow,
} from '../../views/mail/models.ts';
import type { Proposal } from './attribution.ts';
import { cleanFilename } from '../http/download.ts';
import type { InboundDetail, InboundListItem, MailConsultation } from './inbound/lists.ts';
import type { ReadMessage } from './types.ts';
import { problemText, readStoredReason, reasonText } from './wording.ts';

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function person(address: string | null | undefined, name: string | null | undefined): string | null {
  if (!address) return null;
  return name ? `${name} <${address}>` : address;
}

export function publishedChoices(consultations: MailConsultation[]): ConsultationChoice[] {
  return consultations.filter((c) => c.state === 'published').map((c) => ({ id: c.id, title: c.title }));
}

function consultationRef(consultations: MailConsultation[], id: number | null): ConsultationRef | null {
  const found = id === null ? undefined : consultations.find((c) => c.id === id);
  return found ? { slug: found.slug, title: found.title } : null;
}

export function presentListRow(item: InboundListItem, consultations: MailConsultation[], t: Translate, locale: Locale): MailListRow {
  return {
    id: item.id,
    received: formatDateTime(item.receivedAt, locale),
    from: person(item.fromAddress, item.fromName),
    subject: item.subject,
    reason: item.state === 'received' ? t('mail.office.outcome.received') : reasonText(readStoredReason(item.reason), t),
    outcome: item.outcome,
    consultation: consultationRef(consultations, item.consultationId),
    attachments: item.attachmentCount,
    late: item.late,
  };
}

export function presentProposal(p: Proposal, consultations: MailConsultation[], locale: Locale): ProposalRow {
  return {
    id: p.messageId,
    received: formatDateTime(p.receivedAt, locale),
    from: person(p.fromAddress, p.fromName),
    subject: p.subject,
    unit: p.unitName,
    signedAs: p.signedAs,
    consultation: consultationRef(consultations, p.consultationId),
    comments: p.commentCount,
  };
}

type FailedOutboxRow = Pick<OutboxMessage, 'id' | 'created_at' | 'to_address' | 'subject' | 'kind' | 'attempts' | 'last_error'>;

export function presentFailedMail(row: FailedOutboxRow, locale: Locale): FailedMailRow {
  return { id: row.id, created: formatDateTime(row.created_at, locale), to: row.to_address, subject: row.subject, kind: row.kind, attempts: row.attempts, error: row.last_error };
}

/** The parts of inbound_messages.understood_json the pages show. */
interface StoredUnderstanding {
  /** Messages filed before proposals (issue 10) kept a hint instead. */
  unitHint?: { id: number; name: string } | null;
  proposedUnit?: { id: number; name: string; as: string } | null;
  unitAmbiguity?: { name: string; candidates: { id: number; name: string }[] } | null;
  unitBy?: 'address' | 'invitation' | null;
  noObjectionOnRest?: boolean;
  comments?: { source?: { kind: 'body' } | { kind: 'attachment'; index: number } }[];
  trackingNumbers?: string[];
  message?: { attachments?: { filename: string | null; contentType: string }[] };
}

/** What the summary names besides the message: its consultation, unit and paragraphs. */
export interface SummaryNames {
  consultations: MailConsultation[];
  units: Map<number, string>;
  blocks: Map<number, Block>;
}

export function presentSummary(d: InboundDetail, names: SummaryNames, t: Translate, locale: Locale): MailSummary {
  const understood = d.understood as StoredUnderstanding;
  const consultation = consultationRef(names.consultations, d.consultation_id);
  const caption = (block: Block | undefined) => (block ? blockCaption(block, locale, block.parent_id ? names.blocks.get(block.parent_id) : null) : null);
  const sourceOf = (trackingNumber: string): string | null => {
    const index = understood.trackingNumbers?.indexOf(trackingNumber) ?? -1;
    const source = index >= 0 ? understood.comments?.[index]?.source : undefined;
    if (!source) return null;
    if (source.kind === 'body') return t('mail.office.detail.fromBody');
    const attachment = understood.message?.attachments?.[source.index];
    return t('mail.office.detail.fromAttachment', { name: attachment?.filename ?? attachment?.contentType ?? String(source.index + 1) });
  };
  const comments: MailCommentRow[] = d.comments.map((comment) => ({
    id: comment.id,
    trackingNumber: comment.tracking_number,
    paragraph: comment.block_id === null ? null : caption(names.blocks.get(comment.block_id)),
    body: comment.body,
    status: comment.status,
    late: comment.late === 1,
    source: sourceOf(comment.tracking_number),
    href: consultation ? `/office/consultations/${encodeURIComponent(consultation.slug)}/comments/${comment.id}` : null,
  }));
  return {
    id: d.id,
    subject: d.subject,
    from: person(d.from_address, d.from_name),
    received: formatDateTime(d.received_at, locale),
    sentAt: d.sent_at ? formatDateTime(d.sent_at, locale) : null,
    late: d.late === 1,
    door: d.door,
    state: d.state,
    outcome: d.outcome,
    reason: reasonText(readStoredReason(d.reason), t),
    consultation,
    unit: d.unit_id === null ? null : (names.units.get(d.unit_id) ?? null),
    // Filed by address or invitation, or (unitBy null at filing) confirmed by an officer; rows
    // filed before attribution was recorded have no unitBy and were filed by address.
    unitBy: d.unit_id === null ? null : understood.unitBy === 'invitation' ? 'invitation' : understood.unitBy === null ? 'officer' : 'address',
    proposal:
      d.unit_id === null && d.proposed_unit_id !== null
        ? { unitId: d.proposed_unit_id, name: names.units.get(d.proposed_unit_id) ?? understood.proposedUnit?.name ?? '', signedAs: understood.proposedUnit?.as ?? null }
        : null,
    ambiguity: d.unit_id === null && d.proposed_unit_id === null && understood.unitAmbiguity ? { name: understood.unitAmbiguity.name, candidates: understood.unitAmbiguity.candidates.map((c) => c.name) } : null,
    unitHint: d.unit_id === null && d.proposed_unit_id === null ? (understood.unitHint?.name ?? null) : null,
    noObjectionOnRest: understood.noObjectionOnRest === true,
    notSpamAt: d.not_spam_at ? formatDateTime(d.not_spam_at, locale) : null,
    comments,
  };
}

/** The message read again from its raw bytes (the clean text is not stored), or why it could not be. */
export type Reading = { read: ReadMessage | null; unreadable: string | null };

export function presentDetail(
  d: InboundDetail,
  summary: MailSummary,
  reading: Reading,
  envelopeTo: string[],
  consultations: MailConsultation[],
  t: Translate,
): MailDetailView {
  const { read, unreadable } = reading;
  const attachments: MailAttachmentRow[] = d.attachments.map((a) => ({
    position: a.position,
    name: cleanFilename(a.filename, `${t('mail.office.col.attachments')} ${a.position + 1}`),
    type: a.content_type,
    size: sizeLabel(a.size),
    use: a.disposition,
  }));
  return {
    ...summary,
    from: summary.from ?? person(read?.from?.address, read?.from?.name),
    to: read?.to.length ? read.to : envelopeTo,
    cc: read?.cc ?? [],
    messageId: d.message_id,
    size: sizeLabel(d.size),
    text: unreadable ? null : (read?.text ?? null),
    quotedRemoved: read?.quotedRemoved ?? false,
    warnings: (read?.warnings ?? []).map((w) => problemText(w, t)),
    unreadable,
    attachments,
    canAssign: d.comments.length === 0 && (d.state === 'needs_attention' || (d.state === 'processed' && d.outcome === 'unassigned')),
    isSpam: d.state === 'processed' && d.outcome === 'spam',
    choices: publishedChoices(consultations),
  };
}
