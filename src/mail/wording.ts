// The understanding in words: reasons, reading problems and the acknowledgement's summary, in the
// reader's language. The pure cores (read.ts, understand.ts, spam.ts) return codes and parameters;
// this file and the dictionary (src/lib/messages/mail.ts) are where they become sentences.
import { blockReference } from '../drafts/reference.ts';
import { fileErrorText } from '../lib/file-errors.ts';
import { type Locale, type Translate, translator } from '../lib/i18n.ts';
import type { IntakeBlock, IntakeContext, MailProblem, MailReason, Understanding } from './types.ts';

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A limit the reading went over (src/mail/inbound/reading.ts), in words. */
function overLimitText(params: Extract<MailProblem, { code: 'over-limit' }>['params'], t: Translate): string {
  const name = params.name ?? '';
  switch (params.limit) {
    case 'unpacked':
      return t('mail.problem.over-limit.unpacked', { name, size: sizeLabel(params.size ?? 0), max: sizeLabel(params.max) });
    case 'attachment-text':
      return t('mail.problem.over-limit.attachment-text', { name, max: params.max });
    case 'message-text':
      return t('mail.problem.over-limit.message-text', { max: params.max });
    case 'time':
      return t('mail.problem.over-limit.time', { seconds: Math.round(params.max / 100) / 10 });
    case 'memory':
      return t('mail.problem.over-limit.memory');
  }
}

export function problemText(problem: MailProblem, t: Translate): string {
  switch (problem.code) {
    case 'over-limit':
      return overLimitText(problem.params, t);
    case 'attachment-unreadable': {
      const { name, format, why, entry } = problem.params;
      return t('mail.problem.attachment-unreadable', { name, why: fileErrorText(t, format, why, entry) });
    }
    case 'unparseable':
    case 'attachment-charset':
    case 'old-word':
    case 'old-excel':
      return t(`mail.problem.${problem.code}`, problem.params);
    default:
      return t(`mail.problem.${problem.code}`);
  }
}

function problemsText(problems: MailProblem[], t: Translate): string {
  if (problems.length === 0) return '';
  return t('mail.reason.problems', { list: problems.map((p) => problemText(p, t)).join(t('mail.list.semicolon')) });
}

/**
 * Why a message was set aside or needs a person. A reason stored before reasons were codes is
 * Chinese text, and is shown as it was written.
 */
export function reasonText(reason: MailReason | string | null, t: Translate): string | null {
  if (reason === null) return null;
  if (typeof reason === 'string') return reason;
  switch (reason.code) {
    case 'unreadable':
      return problemText(reason.params.problem, t);
    case 'understanding-failed':
    case 'failed':
      return t(`mail.reason.${reason.code}`, reason.params);
    case 'spam':
      return t('mail.reason.spam', {
        signals: reason.params.signals.map((s) => (s.code === 'links' ? t('mail.spam.links', { count: s.count ?? 0 }) : t(`mail.spam.${s.code}`))).join(t('mail.list.separator')),
      });
    case 'forced-consultation-missing':
      return t('mail.reason.forced-consultation-missing', reason.params);
    case 'attachment-not-read':
      return t('mail.reason.attachment-not-read', { names: reason.params.names.map((name) => t('mail.reason.quoted', { name })).join(t('mail.list.separator')) });
    case 'only-quoted':
    case 'no-opinion':
      return t(`mail.reason.${reason.code}`, { problems: problemsText(reason.params.problems, t) });
    default:
      return t(`mail.reason.${reason.code}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Stored reasons: inbound_messages.reason holds the reason as JSON (a code and its parameters),
// so that the office reads it in its own language.

export function storedReason(reason: MailReason | null): string | null {
  return reason === null ? null : JSON.stringify(reason);
}

/** The reason as stored: a MailReason, or the Chinese text of a message filed before codes. */
export function readStoredReason(text: string | null): MailReason | string | null {
  if (text === null || text === '') return null;
  if (!text.startsWith('{')) return text;
  try {
    const parsed = JSON.parse(text) as MailReason;
    return typeof parsed?.code === 'string' ? parsed : text;
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// The acknowledgement's summary

function blockName(block: IntakeBlock, blocks: Map<number, IntakeBlock>, locale: Locale): string {
  const parent = block.parentId !== undefined && block.parentId !== null ? (blocks.get(block.parentId) ?? null) : null;
  return blockReference(block, locale, parent);
}

/** 「2条意见：第7项、第38项」 / "2 comments: item 7, item 38" — what the acknowledgement says was understood. */
export function summarizeUnderstanding(u: Understanding, context: IntakeContext, locale: Locale): string {
  const t = translator(locale);
  const consultation = context.consultations.find((c) => c.id === u.consultationId) ?? null;
  const blocks = new Map((consultation?.blocks ?? []).map((block) => [block.id, block]));
  const late = u.late ? t('mail.summary.late') : '';

  switch (u.outcome) {
    case 'comments': {
      const general = t('mail.summary.general');
      const counts = new Map<string, number>();
      for (const comment of u.comments) {
        const block = comment.blockId !== null ? blocks.get(comment.blockId) : undefined;
        const name = block ? blockName(block, blocks, locale) : general;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      // Named paragraphs first, in the order the sender took them; general remarks last.
      const ordered = [...counts].sort(([a], [b]) => Number(a === general) - Number(b === general));
      const list = ordered.map(([name, count]) => (count > 1 ? t('mail.summary.several', { name, count }) : name)).join(t('mail.list.separator'));
      return t('mail.summary.comments', { count: u.comments.length, list, late });
    }
    case 'no-comments':
      return t(u.unitName ? 'mail.summary.noComments.unit' : 'mail.summary.noComments.person', { late });
    case 'spam':
      return t('mail.summary.spam');
    case 'unassigned':
      return t('mail.summary.unassigned');
    case 'needs-attention':
      return t('mail.summary.needsAttention', { late });
  }
}
