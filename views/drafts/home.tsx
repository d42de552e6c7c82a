// The home page (consultations open, upcoming and closed) and search across every published draft.
import type { PageContext } from '../shared/context.ts';
import { Layout } from '../shared/layout.tsx';
import type { ConsultationSummary } from './models.ts';
import { PhaseBadge, WindowLine } from './window.tsx';

function ConsultationCard(props: { ctx: PageContext; c: ConsultationSummary }) {
  const { ctx, c } = props;
  return (
    <li class="card">
      <h3>
        <a href={`/consultations/${c.slug}`}>{c.title}</a>
      </h3>
      <p class="eyebrow">
        <PhaseBadge t={ctx.t} window={c.window} /> <WindowLine t={ctx.t} window={c.window} />
      </p>
      <p class="card-meta">
        {c.issuer ? <span>{c.issuer}</span> : null}
        <span>{ctx.t('consultation.commentCount', { count: c.publishedCommentCount })}</span>
      </p>
    </li>
  );
}

function Group(props: { ctx: PageContext; id: string; title: string; empty: string; items: ConsultationSummary[] }) {
  return (
    <section class="group" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.items.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <ul class="cards">
          {props.items.map((c) => (
            <ConsultationCard ctx={props.ctx} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function HomePage(props: { ctx: PageContext; open: ConsultationSummary[]; upcoming: ConsultationSummary[]; closed: ConsultationSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <div class="intro">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <form class="search" method="get" action="/search" role="search">
          <label for="yj-q">{t('home.search.label')}</label>
          <div class="search-row">
            <input id="yj-q" name="q" type="search" placeholder={t('home.search.placeholder')} />
            <button type="submit" class="button">
              {t('home.search.submit')}
            </button>
          </div>
        </form>
      </div>
      <Group ctx={ctx} id="yj-open" title={t('home.open')} empty={t('home.none.open')} items={props.open} />
      <Group ctx={ctx} id="yj-upcoming" title={t('home.upcoming')} empty={t('home.none.upcoming')} items={props.upcoming} />
      <Group ctx={ctx} id="yj-closed" title={t('home.closed')} empty={t('home.none.closed')} items={props.closed} />
    </Layout>
  );
}

export interface SearchHit {
  slug: string;
  consultationTitle: string;
  blockId: string;
  reference: string;
  excerpt: string;
}

export function SearchPage(props: { ctx: PageContext; query: string; hits: SearchHit[] }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('search.title')}>
      <h1>{t('search.title')}</h1>
      <form class="search" method="get" action="/search" role="search">
        <label for="yj-q">{t('home.search.label')}</label>
        <div class="search-row">
          <input id="yj-q" name="q" type="search" value={props.query} />
          <button type="submit" class="button">
            {t('home.search.submit')}
          </button>
        </div>
      </form>
      {props.query.trim() === '' ? (
        <p class="muted">{t('search.tooShort')}</p>
      ) : props.hits.length === 0 ? (
        <p>{t('search.none')}</p>
      ) : (
        <>
          <p>{t('search.results', { count: props.hits.length })}</p>
          <ol class="search-hits">
            {props.hits.map((hit) => (
              <li>
                <a href={`/consultations/${hit.slug}#${hit.blockId}`}>
                  <span class="muted">{hit.consultationTitle}</span> · {hit.reference}
                </a>
                <p>{hit.excerpt}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}

