// Outcome notices: "your comment YJ-… on 第4项 was 采纳 because …", in the commenter's language,
// ONE message per sender with all of its comments and decisions. Pure: the results module reads the
// decided comments nobody was told of, groups them by sender here (a unit: to the unit's addresses;
// anyone else: to the email they left), composes each message here, and queues them with
// queueMailQuery (kind 'outcome', the dedupe key senderOutcomeKey gives) in the same batch that sets
// comments.outcome_notified_at. Any channel's comments can go through it (web, email, letters).
import type { Decision } from '../db/schema.ts';
import { translator } from '../lib/i18n.ts';
import type { Locale } from '../lib/time.ts';
import { firstWords } from '../drafts/reference.ts';
import type { ComposedMail } from './outbox.ts';

export interface OutcomeNoticeComment {
  trackingNumber: string;
  /** How the paragraph is named in the commenter's language (blockReference), or null for the whole draft. */
  reference: string | null;
  /** The comment's own text; the notice quotes its first words so the reader knows which one. */
  body: string;
  decision: Decision;
  /** 处理说明: why. Optional for 采纳. */
  reason: string | null;
}

export interface OutcomeNoticeInput {
  locale: Locale;
  /** The commenter's name as given, or null. */
  name: string | null;
  title: string;
  issuer: string | null;
  /** The public page where results are published. */
  resultsUrl: string;
  /** The tracking page (PUBLIC_BASE_URL/track), optional. */
  trackUrl?: string | null;
  /** The office's overall statement on the results, if any. */
  statement?: string | null;
  comments: OutcomeNoticeComment[];
}

/** 采纳 / adopted. */
export function decisionLabel(decision: Decision, locale: Locale): string {
  return translator(locale)(`outbound.decision.${decision}`);
}

/** A decided comment someone must be told of, as the grouping needs it. */
export interface OutcomeComment {
  id: number;
  trackingNumber: string;
  blockId: number | null;
  body: string;
  decision: Decision;
  reason: string | null;
  /** The email the commenter left (for a unit's mail: the address it came from). */
  contactEmail: string | null;
  authorName: string | null;
  locale: Locale;
  unitId: number | null;
  unitName: string | null;
}

/** One sender and everything it is to be told: a unit, or a person by the email they left. */
export interface OutcomeSender {
  /** `unit:<id>` or `email:<address, lower case>`: the same sender in every publication round. */
  key: string;
  /** Where the message goes: the unit's addresses (else the addresses its comments came from), or the one email. */
  to: string[];
  /** How the message greets: the unit's name, or the commenter's name as given. */
  name: string | null;
  locale: Locale;
  comments: OutcomeComment[];
}

/**
 * Groups comments by who sent them: a unit's comments together (whichever of its addresses or
 * channels they came by), anyone else's by the email they left (case aside). The language is the
 * one most of the sender's comments were written in (Chinese on a tie); the name is the unit's, or
 * the last one the person gave. Comments with nowhere to send to are left out.
 */
export function groupOutcomesBySender(comments: OutcomeComment[], unitAddresses: ReadonlyMap<number, string[]>): OutcomeSender[] {
  const groups = new Map<string, OutcomeComment[]>();
  for (const comment of [...comments].sort((a, b) => a.id - b.id)) {
    const email = comment.contactEmail?.trim().toLowerCase() || null;
    const key = comment.unitId !== null ? `unit:${comment.unitId}` : email ? `email:${email}` : null;
    if (key === null) continue;
    groups.set(key, [...(groups.get(key) ?? []), comment]);
  }
  const senders: OutcomeSender[] = [];
  for (const [key, list] of groups) {
    const unitId = list[0]!.unitId;
    const own = unitId !== null ? (unitAddresses.get(unitId) ?? []) : [];
    const to = own.length ? own : [...new Set(list.map((c) => c.contactEmail?.trim()).filter((e): e is string => Boolean(e)))];
    if (to.length === 0) continue;
    const english = list.filter((c) => c.locale === 'en').length;
    const named = [...list].reverse().find((c) => c.authorName?.trim());
    senders.push({
      key,
      to,
      name: unitId !== null ? (list[0]!.unitName ?? named?.authorName ?? null) : (named?.authorName ?? null),
      locale: english * 2 > list.length ? 'en' : 'zh-CN',
      comments: list,
    });
  }
  return senders;
}

/**
 * The outbox's dedupe key for one sender's notice in one round: the consultation, the sender and
 * its first comment of the round. Publishing again queues nothing for the same comments; comments
 * decided later make a new round with a new key.
 */
export function senderOutcomeKey(consultationId: number, sender: OutcomeSender): string {
  return `outcome:${consultationId}:${sender.key}:${sender.comments[0]!.id}`;
}

export function outcomeNoticeMail(input: OutcomeNoticeInput): ComposedMail {
  const t = translator(input.locale);
  const lines = [
    input.name ? t('outbound.outcome.greeting', { name: input.name }) : t('outbound.outcome.greeting.anonymous'),
    '',
    t('outbound.outcome.intro', { title: input.title }),
  ];
  for (const comment of input.comments) {
    lines.push(
      '',
      t('outbound.outcome.item', {
        tracking: comment.trackingNumber,
        on: comment.reference ?? t('outbound.outcome.general'),
        decision: decisionLabel(comment.decision, input.locale),
      }),
      t('outbound.outcome.excerpt', { excerpt: firstWords(comment.body.replace(/\s+/g, ' '), 40) }),
    );
    if (comment.reason?.trim()) lines.push(t('outbound.outcome.reason', { reason: comment.reason.trim() }));
  }
  if (input.statement?.trim()) lines.push('', t('outbound.outcome.statement', { statement: input.statement.trim() }));
  lines.push('', t('outbound.outcome.link', { url: input.resultsUrl }));
  if (input.trackUrl) lines.push(t('outbound.outcome.track', { url: input.trackUrl }));
  lines.push(
    '',
    t('outbound.outcome.thanks'),
    '',
    '--',
    input.issuer ? t('outbound.outcome.footer', { issuer: input.issuer }) : t('outbound.outcome.footer.noIssuer'),
  );
  return { subject: t('outbound.outcome.subject', { title: input.title }), text: `${lines.join('\n')}\n` };
}
