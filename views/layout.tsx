import type { Child } from 'hono/jsx';
import type { PageContext } from './models.ts';

function languageSwitchHref(path: string, locale: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', locale === 'en' ? 'zh-CN' : 'en');
  return `${url.pathname}${url.search}${url.hash}`;
}

export function Layout(props: { ctx: PageContext; title: string; children: Child; description?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('site.name')}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <meta name="htmx-config" content='{"includeIndicatorCSS": false, "defaultFocusScroll": true}' />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                意见
              </span>
              <span class="brand-tagline">{t('site.tagline')}</span>
            </a>
            <nav aria-label={ctx.locale === 'en' ? 'Main' : '主导航'}>
              <ul class="nav">
                <li>
                  <a href="/">{t('nav.home')}</a>
                </li>
                <li>
                  <a href="/track">{t('nav.track')}</a>
                </li>
                <li>
                  <a href="/api">{t('nav.api')}</a>
                </li>
                <li>
                  <a href={languageSwitchHref(ctx.path, ctx.locale)} lang={ctx.locale === 'en' ? 'zh-CN' : 'en'} hx-boost="false">
                    {t('nav.switchLanguage')}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.note')}</p>
            <p>{t('footer.times')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
