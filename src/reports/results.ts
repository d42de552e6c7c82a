// Publishing the results (征求意见结果): the statement, and the outcome told to every commenter who
// left an email, in one batch with the audit entry.
import { type CompiledQuery, sql } from 'kysely';
import { type Actor, auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation, Decision } from '../db/schema.ts';
import { blockReference } from '../drafts/reference.ts';
import { listBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { toLocale } from '../lib/i18n.ts';
import type { Clock } from '../lib/time.ts';
import { outcomeNoticeMail } from '../mail/notices.ts';
import { queueMailQuery } from '../mail/outbox.ts';
import { toReportBlock } from './data.ts';

export const STATEMENT_MAX = 2000;

export type ResultsRefusal = 'statementRequired' | 'statementTooLong' | 'notPublished' | 'notClosed';

interface NotifiableComment {
  id: number;
  tracking_number: string;
  block_id: number | null;
  body: string;
  author_name: string | null;
  contact_email: string;
  locale: string;
  decision: Decision;
  decision_reason: string | null;
}

/**
 * Publishes the results statement and, in the same batch, queues one outcome email for every
 * decided comment whose author left an email address and was not told yet (spam excepted), in
 * the commenter's language, and marks it notified. A comment still undecided is told when the
 * results are published again after its decision. The dedupe key `outcome:<comment id>` makes a
 * second publication queue nothing twice. Refused while the consultation is still open or not
 * published. Returns the number of emails queued.
 */
export async function publishResults(
  deps: { db: AppDatabase; clock: Clock },
  input: { consultation: Consultation; statement: string; actor: Actor; resultsUrl: string },
): Promise<{ ok: true; queued: number } | { ok: false; code: ResultsRefusal }> {
  const { db } = deps;
  const { consultation } = input;
  const statement = input.statement.trim();
  if (!statement) return { ok: false, code: 'statementRequired' };
  if (statement.length > STATEMENT_MAX) return { ok: false, code: 'statementTooLong' };
  const now = deps.clock();
  const blocked = resultsBlocked(consultation, now);
  if (blocked) return { ok: false, code: blocked };

  const iso = now.toISOString();
  const queries: CompiledQuery[] = [
    db.kysely
      .updateTable('consultations')
      .set({ results_statement: statement, results_published_at: iso, updated_at: iso, version: sql`version + 1` })
      .where('id', '=', consultation.id)
      .compile(),
  ];

  const notify = await db.kysely
    .selectFrom('comments')
    .select(['id', 'tracking_number', 'block_id', 'body', 'author_name', 'contact_email', 'locale', 'decision', 'decision_reason'])
    .where('consultation_id', '=', consultation.id)
    .where('status', '!=', 'spam')
    .where('contact_email', 'is not', null)
    .where('contact_email', '!=', '')
    .where('decision', 'is not', null)
    .where('outcome_notified_at', 'is', null)
    .orderBy('id')
    .execute();
  if (notify.length > 0) {
    const blocks = (await listBlocks(db, consultation.id)).map(toReportBlock);
    const byId = new Map(blocks.map((b) => [b.id, b]));
    const base = new URL(input.resultsUrl);
    for (const comment of notify as NotifiableComment[]) {
      const locale = toLocale(comment.locale);
      const block = comment.block_id === null ? undefined : byId.get(comment.block_id);
      const parent = block?.parent_id ? byId.get(block.parent_id) : null;
      const composed = outcomeNoticeMail({
        locale,
        name: comment.author_name,
        title: consultation.title,
        issuer: consultation.issuer,
        resultsUrl: input.resultsUrl,
        trackUrl: `${base.origin}/track`,
        statement,
        comments: [
          {
            trackingNumber: comment.tracking_number,
            reference: block ? blockReference(block, locale, parent) : null,
            body: comment.body,
            decision: comment.decision,
            reason: comment.decision_reason,
          },
        ],
      });
      queries.push(
        queueMailQuery(
          db.kysely,
          { kind: 'outcome', dedupeKey: `outcome:${comment.id}`, consultationId: consultation.id, to: comment.contact_email, ...composed },
          now,
        ),
      );
      queries.push(db.kysely.updateTable('comments').set({ outcome_notified_at: iso }).where('id', '=', comment.id).compile());
    }
  }
  queries.push(
    auditQuery(
      db.kysely,
      { officerId: input.actor.officerId, action: 'publish-results', consultationId: consultation.id, targetType: 'consultation', targetId: consultation.id, detail: { statement }, ip: input.actor.ip },
      now,
    ),
  );
  await db.batch(queries);
  return { ok: true, queued: notify.length };
}

/** Why results cannot be published now, or null: only once the window has closed. */
export function resultsBlocked(consultation: Consultation, now: Date): 'notPublished' | 'notClosed' | null {
  if (consultation.state !== 'published') return 'notPublished';
  return consultationWindow(consultation).phase(now) === 'closed' ? null : 'notClosed';
}
