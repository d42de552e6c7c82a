// Atom feeds of consultations: site-wide (/feeds/consultations.atom) and per consultation
// (/consultations/:slug/feed.atom). Opened, a new round opened, closing soon, results published
// (each round's own); in the reader's language (?lang=en, or the language cookie), with absolute
// links to the public pages.
import { Hono } from 'hono';
import type { Consultation, ConsultationVersion } from '../db/schema.ts';
import { findConsultationBySlug, listPublishedConsultations, listPublishedVersions } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { firstWords } from '../lib/text.ts';
import type { Translate } from '../lib/i18n.ts';
import { formatDateTime, type Locale } from '../lib/time.ts';
import { ATOM_CONTENT_TYPE, type AtomEntry, atomXml } from './atom.ts';
import { consultationRounds, roundEvents } from './events.ts';

/** The newest entries a site-wide feed carries; readers keep what they have seen. */
const SITE_FEED_ENTRIES = 50;

function baseUrl(c: AppContext): string {
  return c.var.services.settings.publicBaseUrl.replace(/\/$/, '');
}

function consultationEntries(row: Consultation, versions: readonly ConsultationVersion[], now: Date, base: string, t: Translate, locale: Locale): AtomEntry[] {
  const page = `${base}/consultations/${encodeURIComponent(row.slug)}`;
  return consultationRounds(row, versions).flatMap((round) => {
    // An earlier round's text, and its results, live on that version's own page.
    const roundPage = round.earlier ? `${page}/v/${round.number}` : page;
    const window = consultationWindow(round);
    const opens = window.opensAt ? formatDateTime(window.opensAt, locale) : '';
    const closes = window.closesAt ? formatDateTime(window.closesAt, locale) : '';
    return roundEvents(round, round.number, now).map((event): AtomEntry => {
      const common = { id: `${page}#${event.key}`, updated: event.at, published: event.at, author: row.issuer };
      switch (event.kind) {
        case 'opened':
          return {
            ...common,
            title: t('feed.entry.opened', { title: round.title }),
            link: roundPage,
            summary: t('feed.entry.opened.summary', { opens, closes }),
            category: { term: 'opened', label: t('feed.category.opened') },
          };
        case 'round':
          return {
            ...common,
            title: t('feed.entry.round', { title: round.title, round: round.number }),
            link: roundPage,
            summary: t('feed.entry.opened.summary', { opens, closes }),
            category: { term: 'round', label: t('feed.category.round') },
          };
        case 'closingSoon':
          return {
            ...common,
            title: t('feed.entry.closingSoon', { title: round.title }),
            link: roundPage,
            summary: t('feed.entry.closingSoon.summary', { closes }),
            category: { term: 'closing-soon', label: t('feed.category.closingSoon') },
          };
        case 'results':
          return {
            ...common,
            title: t('feed.entry.results', { title: round.title }),
            link: round.earlier ? roundPage : `${page}/results`,
            summary: firstWords((round.results_statement ?? '').replace(/\s+/g, ' ').trim(), 300),
            category: { term: 'results', label: t('feed.category.results') },
          };
      }
    });
  });
}

function atomResponse(c: AppContext, xml: string) {
  // The words follow the language cookie; caches must keep the languages apart.
  return c.body(xml, 200, { 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': 'public, max-age=300', Vary: 'Cookie' });
}

export const feedRoutes = new Hono<AppEnv>()
  .get('/feeds/consultations.atom', async (c) => {
    const { db, clock } = c.var.services;
    const { t, locale } = c.var;
    const now = clock();
    const base = baseUrl(c);
    const rows = await listPublishedConsultations(db);
    const versions = await listPublishedVersions(db, rows.map((r) => r.id));
    const entries = rows
      .flatMap((row) => consultationEntries(row, versions.get(row.id) ?? [], now, base, t, locale))
      .sort((a, b) => b.updated.getTime() - a.updated.getTime())
      .slice(0, SITE_FEED_ENTRIES);
    return atomResponse(
      c,
      atomXml({
        id: `${base}/feeds/consultations.atom`,
        title: t('feed.site.title'),
        subtitle: t('feed.site.subtitle'),
        selfHref: `${base}/feeds/consultations.atom`,
        alternateHref: `${base}/`,
        lang: locale,
        author: t('feed.author'),
        fallbackUpdated: now,
        entries,
      }),
    );
  })

  .get('/consultations/:slug/feed.atom', async (c) => {
    const { db, clock } = c.var.services;
    const { t, locale } = c.var;
    const row = await findConsultationBySlug(db, c.req.param('slug'));
    if (!row || row.state !== 'published') throw new AppError(404, 'not_found', t('error.notFound.consultation'));
    const now = clock();
    const base = baseUrl(c);
    const page = `${base}/consultations/${encodeURIComponent(row.slug)}`;
    return atomResponse(
      c,
      atomXml({
        id: `${page}/feed.atom`,
        title: t('feed.consultation.title', { title: row.title }),
        selfHref: `${page}/feed.atom`,
        alternateHref: page,
        lang: locale,
        author: row.issuer ?? t('feed.author'),
        fallbackUpdated: new Date(row.published_at ?? now),
        entries: consultationEntries(row, (await listPublishedVersions(db, [row.id])).get(row.id) ?? [], now, base, t, locale),
      }),
    );
  });
