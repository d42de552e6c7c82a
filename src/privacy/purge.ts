// The retention purge: RETENTION_DAYS after a consultation's results were published, its
// commenters' contact details, unmasked names, messages and the mail sent to them are erased
// (./erase.ts). Run daily by the scheduler and by `npm run privacy:purge`; each consultation's
// erasure is one batch with its audit entry. Comments that arrive later (a late letter) are
// erased by the next run.
import { auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import { eraseMessageQueries, HOLDS_PERSONAL_DATA, MASKED_NAME, redactMailQuery } from './erase.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionRow {
  id: number;
  slug: string;
  title: string;
  resultsPublishedAt: string;
  /** When its contact details are (or were) due for erasure. */
  dueAt: string;
  /** The last run that erased something of it, or null. */
  purgedAt: string | null;
}

/** Every consultation whose results are published, with when its contact details are due. */
export async function listRetention(db: AppDatabase, retentionDays: number): Promise<RetentionRow[]> {
  const rows = await db.kysely
    .selectFrom('consultations')
    .select(['id', 'slug', 'title', 'results_published_at', 'contacts_purged_at'])
    .where('results_published_at', 'is not', null)
    .orderBy('results_published_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    resultsPublishedAt: r.results_published_at!,
    dueAt: new Date(Date.parse(r.results_published_at!) + retentionDays * DAY_MS).toISOString(),
    purgedAt: r.contacts_purged_at,
  }));
}

export interface PurgedConsultation {
  slug: string;
  title: string;
  resultsPublishedAt: string;
  /** Comments whose contact details or unmasked name were (or, in a dry run, would be) erased. */
  comments: number;
  messages: number;
  mails: number;
}

export interface PurgeInput {
  now: Date;
  retentionDays: number;
  /** Count what would go and change nothing. */
  dryRun: boolean;
  /** Who runs it, for the audit log: 'scheduler', 'cli'. */
  via: string;
}

export async function purgeExpiredContacts(deps: { db: AppDatabase; consultationChanged?(slug: string): void }, input: PurgeInput): Promise<{ ok: true; consultations: PurgedConsultation[] }> {
  const { db } = deps;
  const cutoff = new Date(input.now.getTime() - input.retentionDays * DAY_MS).toISOString();
  const due = await db.kysely
    .selectFrom('consultations')
    .select(['id', 'slug', 'title', 'results_published_at'])
    .where('results_published_at', 'is not', null)
    .where('results_published_at', '<=', cutoff)
    .orderBy('id')
    .execute();
  const at = input.now.toISOString();
  const done: PurgedConsultation[] = [];
  for (const consultation of due) {
    const [comments, messages, mails] = await Promise.all([
      db.kysely
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('consultation_id', '=', consultation.id)
        .where('personal_data_erased_at', 'is', null)
        .where(HOLDS_PERSONAL_DATA)
        .executeTakeFirstOrThrow(),
      db.kysely
        .selectFrom('inbound_messages')
        .select(['id', 'understood_json'])
        .where('consultation_id', '=', consultation.id)
        .where('personal_data_erased_at', 'is', null)
        .execute(),
      db.kysely
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('consultation_id', '=', consultation.id)
        .where('kind', 'in', ['acknowledgement', 'outcome'])
        .where('state', '!=', 'sending')
        .where('to_address', '!=', '')
        .executeTakeFirstOrThrow(),
    ]);
    const figures = { comments: Number(comments.n), messages: messages.length, mails: Number(mails.n) };
    if (figures.comments + figures.messages + figures.mails === 0) continue;
    done.push({ slug: consultation.slug, title: consultation.title, resultsPublishedAt: consultation.results_published_at!, ...figures });
    if (input.dryRun) continue;
    await db.batch([
      db.kysely
        .updateTable('comments')
        .set({ contact_email: null, contact_phone: null, client_key: null, author_name: MASKED_NAME, personal_data_erased_at: at })
        .where('consultation_id', '=', consultation.id)
        .where('personal_data_erased_at', 'is', null)
        .where(HOLDS_PERSONAL_DATA)
        .compile(),
      ...eraseMessageQueries(db.kysely, messages, at),
      redactMailQuery(db.kysely, { consultationId: consultation.id }, at),
      // The public pages show names: a new version makes every process render them again.
      db.kysely
        .updateTable('consultations')
        .set((eb) => ({ contacts_purged_at: at, version: eb('version', '+', 1) }))
        .where('id', '=', consultation.id)
        .compile(),
      auditQuery(
        db.kysely,
        { officerId: null, action: 'privacy-purge', consultationId: consultation.id, detail: { ...figures, retentionDays: input.retentionDays, via: input.via } },
        input.now,
      ),
    ]);
    deps.consultationChanged?.(consultation.slug);
  }
  return { ok: true, consultations: done };
}

