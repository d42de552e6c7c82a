// The frame of every page: the public site and the office share one head, skip link, header
// and language switch; the office adds its navigation by role and the signed-in line.
import type { Child } from 'hono/jsx';
import { type Locale, type MessageKey, otherLocale } from '../../src/lib/i18n.ts';
import type { OfficeContext, PageContext } from './context.ts';
import { Csrf, Flash } from './kit.tsx';

function languageSwitchHref(path: string, locale: Locale): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', otherLocale(locale));
  return `${url.pathname}${url.search}${url.hash}`;
}

/** An Atom feed the page announces in its head (<link rel="alternate">), for feed readers to find. */
export interface FeedLink {
  href: string;
  title: string;
}

/** The site-wide feed: opened, closing soon and results of every consultation. */
export const SITE_FEED_HREF = '/feeds/consultations.atom';

interface NavLink {
  href: string;
  label: MessageKey;
  current?: boolean;
  /** Links that leave a boosted area load whole pages. */
  unboosted?: boolean;
}

function Frame(props: {
  ctx: PageContext;
  title: string;
  brandHref: string;
  brandTagline: MessageKey;
  /** Names the site after the page title: 「… · 意见」 or 「… · 起草单位工作台」. */
  titleSuffix: MessageKey;
  navLabel: MessageKey;
  nav: NavLink[];
  office?: boolean;
  description?: string;
  below?: Child;
  mainClass?: string;
  flash?: string | null;
  footer?: Child;
  feeds?: FeedLink[];
  children: Child;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const other = otherLocale(ctx.locale);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.office ? <meta name="robots" content="noindex" /> : null}
        <title>{`${props.title} · ${t(props.titleSuffix)}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <meta name="htmx-config" content='{"includeIndicatorCSS": false, "defaultFocusScroll": true}' />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {(props.feeds ?? []).map((feed) => (
          <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} />
        ))}
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body class={props.office ? 'office' : undefined}>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class={props.office ? 'site-header office-header' : 'site-header'}>
          {/* The header lines up with the page's contents, wide or not. */}
          <div class={`${props.mainClass ?? 'wrap'} header-inner`}>
            <a class="brand" href={props.brandHref}>
              <span class="brand-mark" aria-hidden="true">
                意见
              </span>
              <span class="brand-tagline">{t(props.brandTagline)}</span>
            </a>
            <nav aria-label={t(props.navLabel)}>
              <ul class="nav">
                {props.nav.map((link) => (
                  <li>
                    <a href={link.href} aria-current={link.current ? 'page' : undefined} hx-boost={link.unboosted ? 'false' : undefined}>
                      {t(link.label)}
                    </a>
                  </li>
                ))}
                <li>
                  <a href={languageSwitchHref(ctx.path, ctx.locale)} lang={other} hx-boost={props.office ? undefined : 'false'}>
                    {t('nav.switchLanguage')}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
          {props.below}
        </header>
        <main id="main" class={props.mainClass ?? 'wrap'} tabindex={-1}>
          <Flash message={props.flash ?? null} />
          {props.children}
        </main>
        {props.footer}
      </body>
    </html>
  );
}

/** A page of the public site. Every one announces the site's feed; a consultation's adds its own. */
export function Layout(props: { ctx: PageContext; title: string; children: Child; description?: string; feeds?: FeedLink[] }) {
  const { t } = props.ctx;
  return (
    <Frame
      ctx={props.ctx}
      title={props.title}
      description={props.description}
      feeds={[{ href: SITE_FEED_HREF, title: t('feed.link.site') }, ...(props.feeds ?? [])]}
      brandHref="/"
      brandTagline="site.tagline"
      titleSuffix="site.name"
      navLabel="nav.label"
      nav={[
        { href: '/', label: 'nav.home' },
        { href: '/track', label: 'nav.track' },
        { href: '/api', label: 'nav.api' },
      ]}
      footer={
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.note')}</p>
            <p>{t('footer.times')}</p>
          </div>
        </footer>
      }
    >
      {props.children}
    </Frame>
  );
}

/** A page of the drafting office's workspace: its navigation depends on the officer's role. */
export function OfficeLayout(props: { ctx: OfficeContext; title: string; children: Child; flash?: string | null; wide?: boolean }) {
  const { ctx } = props;
  const { t, officer } = ctx;
  const current = (prefix: string) => ctx.path === prefix || ctx.path.startsWith(`${prefix}/`) || ctx.path.startsWith(`${prefix}?`);
  const nav: NavLink[] = [{ href: '/office/consultations', label: 'auth.nav.consultations', current: current('/office/consultations') }];
  if (officer.role !== 'moderator') {
    nav.push({ href: '/office/mail', label: 'auth.nav.mail', current: current('/office/mail') });
    nav.push({ href: '/office/privacy', label: 'privacy.nav', current: current('/office/privacy') });
    nav.push({ href: '/office/units', label: 'auth.nav.units', current: current('/office/units') });
  }
  if (officer.role === 'admin') {
    nav.push({ href: '/office/accounts', label: 'auth.nav.accounts', current: current('/office/accounts') });
    nav.push({ href: '/office/audit', label: 'auth.nav.audit', current: current('/office/audit') });
  }
  nav.push({ href: '/', label: 'auth.nav.publicSite', unboosted: true });
  return (
    <Frame
      ctx={ctx}
      title={props.title}
      office
      brandHref="/office"
      brandTagline="auth.office"
      titleSuffix="auth.office"
      navLabel="nav.officeLabel"
      nav={nav}
      mainClass={props.wide ? 'wrap wrap-wide' : 'wrap'}
      flash={props.flash}
      below={
        <div class={`${props.wide ? 'wrap wrap-wide' : 'wrap'} office-user`}>
          <span>{t('auth.signedInAs', { email: officer.email, role: t(`auth.role.${officer.role}`) })}</span>
          <a href="/office/password">{t('auth.nav.password')}</a>
          <form method="post" action="/office/logout" class="inline-form">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button button-small button-quiet">
              {t('auth.logout')}
            </button>
          </form>
        </div>
      }
    >
      {props.children}
    </Frame>
  );
}
