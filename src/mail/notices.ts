// Outcome notices: "your comment YJ-… on 第4项 was 采纳 because …", in the commenter's language.
// Pure: the results module looks up the comments, calls this, and queues the result with
// queueMailQuery (kind 'outcome', dedupe key e.g. `outcome:<consultation>:<address>`) in the same
// batch that sets comments.outcome_notified_at.
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
