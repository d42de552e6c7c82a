// The frame of every officer page: the public layout's head, an office navigation by role, and a
// flash message area that screen readers announce.
import type { Child } from 'hono/jsx';
import type { SignedInOfficer } from '../../src/auth/accounts.ts';
import type { PageContext } from '../models.ts';

export interface OfficeContext extends PageContext {
  officer: SignedInOfficer;
}

function languageSwitchHref(path: string, locale: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', locale === 'en' ? 'zh-CN' : 'en');
  return `${url.pathname}${url.search}`;
}

export function OfficeLayout(props: { ctx: OfficeContext; title: string; children: Child; flash?: string | null; wide?: boolean }) {
  const { ctx } = props;
  const { t, officer } = ctx;
  const current = (prefix: string) => (ctx.path === prefix || ctx.path.startsWith(`${prefix}/`) || ctx.path.startsWith(`${prefix}?`) ? 'page' : undefined);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t('auth.office')}`}</title>
        <meta name="htmx-config" content='{"includeIndicatorCSS": false, "defaultFocusScroll": true}' />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body class="office">
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header office-header">
          <div class="wrap header-inner">
            <a class="brand" href="/office">
              <span class="brand-mark" aria-hidden="true">
                意见
              </span>
              <span class="brand-tagline">{t('auth.office')}</span>
            </a>
            <nav aria-label={ctx.locale === 'en' ? 'Office' : '工作台导航'}>
              <ul class="nav">
                <li>
                  <a href="/office/consultations" aria-current={current('/office/consultations')}>
                    {t('auth.nav.consultations')}
                  </a>
                </li>
                {officer.role !== 'moderator' ? (
                  <li>
                    <a href="/office/mail" aria-current={current('/office/mail')}>
                      {t('auth.nav.mail')}
                    </a>
                  </li>
                ) : null}
                {officer.role === 'admin' ? (
                  <>
                    <li>
                      <a href="/office/accounts" aria-current={current('/office/accounts')}>
                        {t('auth.nav.accounts')}
                      </a>
                    </li>
                    <li>
                      <a href="/office/audit" aria-current={current('/office/audit')}>
                        {t('auth.nav.audit')}
                      </a>
                    </li>
                  </>
                ) : null}
                <li>
                  <a href="/" hx-boost="false">
                    {t('auth.nav.publicSite')}
                  </a>
                </li>
                <li>
                  <a href={languageSwitchHref(ctx.path, ctx.locale)} lang={ctx.locale === 'en' ? 'zh-CN' : 'en'}>
                    {t('nav.switchLanguage')}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
          <div class="wrap office-user">
            <span>{t('auth.signedInAs', { email: officer.email, role: t(`auth.role.${officer.role}`) })}</span>
            <a href="/office/password">{t('auth.nav.password')}</a>
            <form method="post" action="/office/logout" class="inline-form">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="button button-small button-quiet">
                {t('auth.logout')}
              </button>
            </form>
          </div>
        </header>
        <main id="main" class={props.wide ? 'wrap wrap-wide' : 'wrap'} tabindex={-1}>
          {props.flash ? (
            <p class="flash" role="status">
              {props.flash}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}
