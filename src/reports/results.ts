// Publishing the results (征求意见结果): the statement, and the outcome told to every commenter who
// left an email, in one batch with the audit entry.
import { type CompiledQuery, sql } from 'kysely';
import { type Actor, auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import { Clauses } from '../drafts/reference.ts';
import { listVersionBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { toLocale } from '../lib/i18n.ts';
import type { Clock } from '../lib/time.ts';
import { groupOutcomesBySender, type OutcomeComment, outcomeNoticeMail, senderOutcomeKey } from '../mail/notices.ts';
import { queueMailQuery } from '../mail/outbox.ts';
import { toReportBlock } from './data.ts';

export const STATEMENT_MAX = 2000;

export type ResultsRefusal = 'statementRequired' | 'statementTooLong' | 'notPublished' | 'notClosed';

/**
 * Decided comments nobody was told of yet (spam excepted) that can be told: the commenter left an
 * email, or the comment is a unit's and the unit has an address. With the units' addresses.
 */
export async function listOutcomesToSend(db: AppDatabase, consultationId: number): Promise<{ comments: OutcomeComment[]; unitAddresses: Map<number, string[]> }> {
  const rows = await db.kysely
    .selectFrom('comments as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.tracking_number', 'c.block_id', 'c.body', 'c.author_name', 'c.contact_email', 'c.locale', 'c.decision', 'c.decision_reason', 'c.unit_id', 'u.name as unit_name'])
    .where('c.consultation_id', '=', consultationId)
    .where('c.status', '!=', 'spam')
    .where('c.not_opinion_at', 'is', null)
    .where('c.decision', 'is not', null)
    .where('c.outcome_notified_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.contact_email', 'is not', null), eb('c.contact_email', '!=', '')]),
        eb('c.unit_id', 'in', eb.selectFrom('unit_addresses').select('unit_id')),
      ]),
    )
    .orderBy('c.id')
    .execute();
  const unitIds = [...new Set(rows.map((r) => r.unit_id).filter((id): id is number => id !== null))];
  const addresses = unitIds.length ? await db.kysely.selectFrom('unit_addresses').select(['unit_id', 'email']).where('unit_id', 'in', unitIds).orderBy('id').execute() : [];
  const unitAddresses = new Map<number, string[]>();
  for (const a of addresses) unitAddresses.set(a.unit_id, [...(unitAddresses.get(a.unit_id) ?? []), a.email]);
  return {
    comments: rows.map((r) => ({
      id: r.id,
      trackingNumber: r.tracking_number,
      blockId: r.block_id,
      body: r.body,
      decision: r.decision!,
      reason: r.decision_reason,
      contactEmail: r.contact_email,
      authorName: r.author_name,
      locale: toLocale(r.locale),
      unitId: r.unit_id,
      unitName: r.unit_name,
    })),
    unitAddresses,
  };
}

/** How many senders (units and people) publishing now would write to. */
export async function countSendersToNotify(db: AppDatabase, consultationId: number): Promise<number> {
  const { comments, unitAddresses } = await listOutcomesToSend(db, consultationId);
  return groupOutcomesBySender(comments, unitAddresses).length;
}

/**
 * Publishes the results statement and, in the same batch, queues ONE outcome email per sender —
 * a unit (to its addresses) or a person (to the email they left) — with all of its decided
 * comments nobody was told of yet (spam, and what an officer marked as not an opinion, excepted),
 * in the sender's language, and marks them notified. A comment still undecided is told when the
 * results are published again after its decision, in a message of its own round. The dedupe key
 * (senderOutcomeKey) makes a second publication queue nothing twice. Refused while the
 * consultation is still open or not published. Returns the number of emails queued.
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

  const { comments: notify, unitAddresses } = await listOutcomesToSend(db, consultation.id);
  const senders = groupOutcomesBySender(notify, unitAddresses);
  if (senders.length > 0) {
    // A comment may be on an earlier version's text: each version's clauses are named from that version's blocks.
    const ids = [...new Set(notify.map((c) => c.blockId).filter((id): id is number => id !== null))];
    const versions = ids.length
      ? await db.kysely.selectFrom('blocks').select('version_id').distinct().where('id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`).execute()
      : [];
    const perVersion = await Promise.all(versions.map(async (v) => (await listVersionBlocks(db, v.version_id)).map(toReportBlock)));
    const clauses = { 'zh-CN': perVersion.map((b) => new Clauses(b, 'zh-CN')), en: perVersion.map((b) => new Clauses(b, 'en')) } as const;
    const label = (locale: 'zh-CN' | 'en', blockId: number | null) => clauses[locale].map((c) => c.label(blockId)).find((l) => l !== null) ?? null;
    const base = new URL(input.resultsUrl);
    for (const sender of senders) {
      const composed = outcomeNoticeMail({
        locale: sender.locale,
        name: sender.name,
        title: consultation.title,
        issuer: consultation.issuer,
        resultsUrl: input.resultsUrl,
        trackUrl: `${base.origin}/track`,
        statement,
        comments: sender.comments.map((comment) => ({
          trackingNumber: comment.trackingNumber,
          reference: label(sender.locale, comment.blockId),
          body: comment.body,
          decision: comment.decision,
          reason: comment.reason,
        })),
      });
      queries.push(
        queueMailQuery(
          db.kysely,
          { kind: 'outcome', dedupeKey: senderOutcomeKey(consultation.id, sender), consultationId: consultation.id, to: sender.to.join(', '), ...composed },
          now,
        ),
        db.kysely
          .updateTable('comments')
          .set({ outcome_notified_at: iso })
          .where('id', 'in', sender.comments.map((c) => c.id))
          .compile(),
      );
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
  return { ok: true, queued: senders.length };
}

/** Why results cannot be published now, or null: only once the window has closed. */
export function resultsBlocked(consultation: Consultation, now: Date): 'notPublished' | 'notClosed' | null {
  if (consultation.state !== 'published') return 'notPublished';
  return consultationWindow(consultation).phase(now) === 'closed' ? null : 'notClosed';
}
