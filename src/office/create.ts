// Creating a consultation from a draft's text: parsed, checked, and stored unpublished with its
// import report, in one batch with the audit entry. The file or the pasted text is read (and
// its form checked) at the edge; this is what follows for every source.
import type { Actor } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import { parseDraft } from '../drafts/parse.ts';
import type { DraftFormat } from '../drafts/parse-types.ts';
import { storeDraftQueries } from '../drafts/store.ts';
import { consultationAuditQuery, consultationIdBySlug } from './audit.ts';
import type { Invalid, OfficeDeps } from './commands.ts';
import { RESERVED_LOCAL_PARTS, RESERVED_SLUGS, suggestSlug } from './slug.ts';
import { isSlugTaken } from './store.ts';
import { guessDocumentKind } from './window-rules.ts';

export const MAX_TITLE = 200;

export interface CreateInput {
  source: { text: string; format: DraftFormat; from: 'paste' | 'file'; fileName: string | null };
  /** As typed; '' takes the title the text gives. */
  title: string;
  /** As typed, its form already checked; '' derives one from the title. */
  slug: string;
  actor: Actor;
}

export type CreateProblem = 'noBody' | 'noTitle' | 'titleTooLong' | 'slugTaken';

export async function createConsultation(
  deps: OfficeDeps,
  input: CreateInput,
): Promise<{ ok: true; slug: string; title: string } | (Invalid<'source' | 'title' | 'slug', CreateProblem> & { slug: string })> {
  const { db } = deps;
  const { source } = input;
  const fields: Invalid<'source' | 'title' | 'slug', CreateProblem>['fields'] = {};

  // A text with no body at all is almost certainly a wrong paste.
  const parsed = parseDraft(source.text, { format: source.format, ...(input.title ? { title: input.title } : {}) });
  if (parsed.body.length === 0) fields.source = { code: 'noBody' };
  const title = input.title || parsed.title || '';
  if (!title) fields.title = { code: 'noTitle' };
  else if ([...title].length > MAX_TITLE) fields.title = { code: 'titleTooLong' };

  // The slug: the officer's, or one derived from the title.
  let slug = input.slug;
  if (slug) {
    if (await isSlugTaken(db, slug)) fields.slug = { code: 'slugTaken', params: { slug, suggestion: await freeSlug(db, slug) } };
  } else if (title) {
    slug = await freeSlug(db, suggestSlug(title));
  }
  if (fields.source || fields.title || fields.slug) return { ok: false, code: 'invalid', fields, slug };

  const now = deps.clock();
  const k = db.kysely;
  try {
    await db.batch([
      ...storeDraftQueries(k, { slug, title, parsed, sourceText: source.text, sourceFormat: source.format, state: 'draft', opensAt: null, closesAt: null, now }),
      k.updateTable('consultations').set({ document_kind: guessDocumentKind(title) }).where('slug', '=', slug).compile(),
      consultationAuditQuery(k, input.actor, consultationIdBySlug(k, slug), 'create', {
        slug,
        title,
        format: source.format,
        from: source.from,
        fileName: source.fileName,
        blocks: parsed.report.stats.blocks,
        setAside: parsed.report.setAside.length,
      }, now),
    ]);
  } catch (error) {
    // Two officers choosing the same slug at once: the second is told, and keeps the text.
    if (error instanceof Error && /UNIQUE constraint failed: consultations\.slug/.test(error.message)) {
      return { ok: false, code: 'invalid', fields: { slug: { code: 'slugTaken', params: { slug, suggestion: await freeSlug(db, slug) } } }, slug };
    }
    throw error;
  }
  return { ok: true, slug, title };
}

/** The slug itself when free, else the first free `slug-2`, `slug-3`, … */
async function freeSlug(db: AppDatabase, base: string): Promise<string> {
  if (!(await isSlugTaken(db, base)) && !RESERVED_SLUGS.has(base) && !RESERVED_LOCAL_PARTS.has(base)) return base;
  for (let k = 2; ; k++) {
    const candidate = `${base.slice(0, 75)}-${k}`;
    if (!(await isSlugTaken(db, candidate))) return candidate;
  }
}
