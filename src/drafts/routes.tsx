// Public pages of the drafts module, mounted at the site's root: the list of consultations, one
// consultation, search.
import { type Context, Hono } from 'hono';
import { type AppEnv, pageContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { page, renderDocument } from '../http/respond.ts';
import { translator } from '../lib/i18n.ts';
import { ConsultationPage } from '../../views/drafts/consultation.tsx';
import { HomePage, type SearchHit, SearchPage } from '../../views/drafts/home.tsx';
import { presentConsultation, presentSummary } from './present.ts';
import { blockCaption, firstWords } from './reference.ts';
import type { CachedPage, RenderPage } from './page-cache.ts';
import { listPublishedConsultations, searchPublishedBlocks } from './store.ts';
import { searchIndex, searchKey } from '../lib/chinese.ts';

export const draftRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { db, clock } = c.var.services;
    const now = clock();
    const locale = c.var.locale;
    const summaries = (await listPublishedConsultations(db)).map((row) => ({ row, summary: presentSummary(row, now, locale) }));
    const by = (phase: string) => summaries.filter((s) => s.summary.window.phase === phase);
    const open = by('open').sort((a, b) => (a.row.closes_at ?? '').localeCompare(b.row.closes_at ?? ''));
    const upcoming = by('upcoming').sort((a, b) => (a.row.opens_at ?? '').localeCompare(b.row.opens_at ?? ''));
    const closed = by('closed').sort((a, b) => (b.row.closed_early_at ?? b.row.closes_at ?? '').localeCompare(a.row.closed_early_at ?? a.row.closes_at ?? ''));
    return page(c, <HomePage ctx={pageContext(c)} open={open.map((s) => s.summary)} upcoming={upcoming.map((s) => s.summary)} closed={closed.map((s) => s.summary)} />);
  })

  .get('/consultations/:slug', async (c) => {
    const { pages, clock } = c.var.services;
    // ?changes=1: the current text with what changed since the previous version marked.
    const cached = await pages.get(c.req.param('slug'), c.var.locale, clock(), c.req.query('changes') === '1' ? 'changes' : '');
    return sendCached(c, cached);
  })

  // An earlier version of the text, read as it was; the current one lives at the consultation's own address.
  .get('/consultations/:slug/v/:number', async (c) => {
    const { pages, consultations, clock } = c.var.services;
    const slug = c.req.param('slug');
    const number = Number(c.req.param('number'));
    const now = clock();
    const known = consultations.peek(slug, now) ?? (await consultations.get(slug, now));
    const version = known?.consultation.state === 'published' ? known.versions.find((v) => v.number === number) : undefined;
    if (!known || !version) throw new AppError(404, 'not_found', c.var.t('error.notFound.consultation'));
    if (version.id === known.consultation.current_version_id) return c.redirect(`/consultations/${slug}`, 302);
    return sendCached(c, await pages.get(slug, c.var.locale, now, `v${number}`));
  })

  .get('/search', async (c) => {
    const query = (c.req.query('q') ?? '').slice(0, 100);
    const locale = c.var.locale;
    const rows = query.trim() ? await searchPublishedBlocks(c.var.services.db, query) : [];
    const key = searchKey(query);
    const hits: SearchHit[] = rows.map((row) => {
      const text = row.text ?? row.title ?? '';
      const index = searchIndex(text);
      const at = index.positions[index.key.indexOf(key)] ?? 0;
      const chars = [...text];
      const start = Math.max(0, at - 20);
      const excerpt = `${start > 0 ? '…' : ''}${chars.slice(start, start + 80).join('')}${chars.length > start + 80 ? '…' : ''}`;
      return {
        slug: row.slug,
        consultationTitle: row.consultation_title,
        blockId: row.key,
        reference: blockCaption(row, locale),
        excerpt: excerpt || firstWords(text, 60),
      };
    });
    return page(c, <SearchPage ctx={pageContext(c)} query={query} hits={hits} />);
  });

/** A cached page: the same bytes for everyone, gzipped when the browser takes it, 304 when it has them. */
function sendCached(c: Context<AppEnv>, cached: CachedPage | null) {
  if (!cached) throw new AppError(404, 'not_found', c.var.t('error.notFound.consultation'));
  c.header('ETag', cached.etag);
  c.header('Cache-Control', 'no-cache');
  c.header('Vary', 'Cookie, Accept-Encoding');
  if (c.req.header('if-none-match') === cached.etag) return c.body(null, 304);
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return c.body(cached.gzip as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Encoding': 'gzip' });
  }
  return c.body(cached.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'text/html; charset=UTF-8' });
}

/** Renders a consultation page for the cache: the same page for every visitor, no per-user parts. */
export function consultationPageRenderer(services: { db: import('../db/database.ts').AppDatabase; settings?: { mailDomain?: string } }): RenderPage {
  return async (known, locale, now, variant) => {
    const t = translator(locale);
    const view = await presentConsultation(services.db, known, now, locale, t, services.settings?.mailDomain, variant);
    if (!view) throw new AppError(404, 'not_found', t('error.notFound.consultation'));
    const base = `/consultations/${known.consultation.slug}`;
    const path = variant === 'changes' ? `${base}?changes=1` : variant ? `${base}/v/${variant.slice(1)}` : base;
    return renderDocument(<ConsultationPage ctx={{ locale, t, path, csrfToken: '' }} c={view} />);
  };
}
