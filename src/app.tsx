// createApp(deps): the whole web application, independent of the platform it runs on.
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { apiRoutes } from './api/routes.tsx';
import { Signer } from './auth/csrf.ts';
import { requireRole, ROLES } from './auth/guards.ts';
import { authRoutes } from './auth/routes.tsx';
import { SubmissionRefused } from './comments/refusal.ts';
import { commentRoutes, trackRoutes } from './comments/routes.tsx';
import { ConsultationCache } from './drafts/consultation-cache.ts';
import { PageCache } from './drafts/page-cache.ts';
import { consultationPageRenderer, draftRoutes } from './drafts/routes.tsx';
import { loadConsultation } from './http/consultation.ts';
import { healthRoutes } from './http/health.ts';
import { requestLog } from './http/request-log.ts';
import { type AppDeps, type AppEnv, type AppServices, pageContext } from './http/context.ts';
import { bodyLimits } from './http/body-limit.ts';
import { AppError } from './http/errors.ts';
import { renderDocument, renderToString, wantsFragment } from './http/respond.ts';
import { pickLocale, translator } from './lib/i18n.ts';
import { RateLimiter } from './lib/rate-limit.ts';
import { directoryRoutes } from './departments/routes.tsx';
import { officeDocumentRoutes, publicDocumentRoutes } from './documents/routes.tsx';
import { feedRoutes } from './feeds/routes.ts';
import { subscribeRoutes, subscriptionRoutes } from './subscriptions/routes.tsx';
import { mailRoutes } from './mail/routes.tsx';
import { rosterRoutes } from './office/roster-routes.tsx';
import { consultationListRoutes, consultationRoutes } from './office/routes.tsx';
import { structureRoutes } from './office/structure-routes.tsx';
import { privacyRoutes } from './privacy/routes.tsx';
import { versionRoutes } from './office/version-routes.tsx';
import { changesRoutes } from './reports/changes-routes.tsx';
import { publicResultRoutes, reportRoutes } from './reports/routes.tsx';
import { reviewRoutes } from './review/routes.tsx';
import { RefusedSubmission } from '../views/comments/form.tsx';
import { RefusedPage } from '../views/comments/pages.tsx';
import { ErrorPage } from '../views/shared/error.tsx';

export function createApp(deps: AppDeps) {
  const consultations = new ConsultationCache(deps.db);
  const pages = new PageCache(consultations, consultationPageRenderer(deps));
  const services: AppServices = {
    ...deps,
    signer: new Signer(deps.settings.secret),
    commentLimiter: deps.commentLimiter ?? new RateLimiter(deps.settings.commentRateLimit.limit, deps.settings.commentRateLimit.windowSeconds * 1000),
    secureCookies: deps.settings.publicBaseUrl.startsWith('https://'),
    pages,
    consultations,
    publicOrigin: new URL(deps.settings.publicBaseUrl).origin,
    consultationChanged(slug) {
      pages.invalidate(slug);
      consultations.invalidate(slug);
    },
  };

  const app = new Hono<AppEnv>();

  // First, so that its id is on every response (errors included) and its timing covers the rest.
  app.use(requestLog(deps.requestLog));

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      strictTransportSecurity: deps.settings.publicBaseUrl.startsWith('https://') ? 'max-age=15552000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use(async (c, next) => {
    const query = c.req.query('lang') ?? null;
    const isApi = c.req.path.startsWith('/api/');
    const locale = pickLocale({
      query,
      cookie: getCookie(c, 'yj_lang') ?? null,
      ...(isApi ? { acceptLanguage: c.req.header('accept-language') ?? null } : {}),
    });
    if (query === 'en' || query === 'zh-CN') {
      setCookie(c, 'yj_lang', locale, { path: '/', sameSite: 'Lax', httpOnly: true, secure: services.secureCookies, maxAge: 60 * 60 * 24 * 365 });
    }
    c.set('services', services);
    c.set('locale', locale);
    c.set('t', translator(locale));
    await next();
  });

  // Every route's body is limited: its own limit, or its area's (src/http/body-limit.ts).
  app.use(bodyLimits());

  app.route('/', healthRoutes);

  app.get('/static/:name', (c) => {
    const asset = deps.staticAsset?.(c.req.param('name'));
    if (!asset) throw new AppError(404, 'not_found', c.var.t('error.notFound'));
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=3600' });
  });

  app.get('/favicon.ico', (c) => c.redirect('/static/favicon.svg', 301));

  if (deps.settings.benchRoutes) {
    // Baselines for bench/: the same server doing the least possible work.
    app.get('/__bench/hello', (c) => c.text('hello'));
    app.post('/__bench/post', async (c) => {
      await c.req.parseBody();
      return c.redirect('/__bench/hello', 303);
    });
  }

  // The public site.
  app.route('/', draftRoutes);
  app.route('/', feedRoutes);
  app.route('/consultations/:slug', commentRoutes);
  app.route('/consultations/:slug', publicResultRoutes);
  app.route('/consultations/:slug', publicDocumentRoutes);
  app.route('/consultations/:slug', subscribeRoutes);
  app.route('/subscriptions', subscriptionRoutes);
  app.route('/track', trackRoutes);
  app.route('/api', apiRoutes);

  // The drafting office. Every page of one consultation reads it once, after the role check;
  // /office/consultations/new is mounted first, so that "new" is never taken for a slug.
  app.route('/office', authRoutes);
  app.route('/office/consultations', consultationListRoutes);
  app.route(
    '/office/consultations/:slug',
    new Hono<AppEnv>()
      .use(requireRole(...ROLES.moderate), loadConsultation)
      .route('/', consultationRoutes)
      .route('/structure', structureRoutes)
      .route('/versions', versionRoutes)
      .route('/documents', officeDocumentRoutes)
      .route('/roster', rosterRoutes)
      .route('/', reviewRoutes)
      .route('/', reportRoutes)
      .route('/', changesRoutes),
  );
  app.route('/office/mail', mailRoutes);
  app.route('/office/privacy', privacyRoutes);
  app.route('/office/units', directoryRoutes);

  app.notFound((c) => {
    throw new AppError(404, 'not_found', c.var.t('error.notFound'));
  });

  app.onError(async (error, c) => {
    const t = c.var.t ?? translator('zh-CN');
    // A client that hangs up mid-body broke its own request: a 400 nobody reads, not a server error.
    const clientGone = (error as { code?: unknown }).code === 'ECONNRESET' || error.message === 'aborted';
    const status = error instanceof HTTPException ? error.status : clientGone ? 400 : 500;
    const appError = error instanceof AppError ? error : null;
    const message = appError ? appError.message : status === 500 ? t('error.server') : t('error.badRequest');
    const requestId = c.var.requestId;
    if (status === 500) console.error(`${requestId ?? ''} ${c.req.method} ${c.req.routePath}`, error);
    if (appError?.detail.retryAfterSeconds) c.header('Retry-After', String(appError.detail.retryAfterSeconds));

    if (c.req.path.startsWith('/api/')) {
      return c.json(
        { error: appError?.code ?? (status === 500 ? 'server_error' : 'bad_request'), message, ...(appError?.detail.fields ? { fields: appError.detail.fields } : {}), requestId },
        status,
      );
    }
    if (!c.var.services) c.set('services', services);
    const ctx = pageContext(c);
    const refused = error instanceof SubmissionRefused ? error.submission : null;
    if (wantsFragment(c)) {
      const fragment = refused ? (
        <RefusedSubmission t={ctx.t} message={message} values={refused.values} slug={refused.slug} target={refused.target} />
      ) : (
        <p class="error-text" role="alert">
          {message}
          {status >= 500 ? <span class="request-id"> {t('error.requestId', { id: requestId })}</span> : null}
        </p>
      );
      return c.html(await renderToString(fragment), status);
    }
    const page = refused ? (
      <RefusedPage ctx={ctx} title={refused.title} heading={appError?.detail.heading ?? t('error.title')} message={message} values={refused.values} slug={refused.slug} target={refused.target} />
    ) : (
      <ErrorPage ctx={ctx} status={status} message={message} requestId={requestId} />
    );
    return c.html(await renderDocument(page), status);
  });

  return { app, services };
}

