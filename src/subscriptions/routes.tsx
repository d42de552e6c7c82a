// Subscribing by email: the form of one consultation (/consultations/:slug/subscribe), then the
// links the mail carries (/subscriptions/confirm, /subscriptions/unsubscribe). A link's GET only
// shows a page with a button; the change is the button's POST, so a mail scanner following links
// neither subscribes nor unsubscribes anyone. The exception is RFC 8058's one-click POST, which a
// mail client sends to the List-Unsubscribe address without page, cookie or form token: the
// token in the address is the proof, as it is for the page.
import { Hono } from 'hono';
import { z } from 'zod';
import { csrfTokenFor } from '../auth/csrf.ts';
import { clientKeyFor, requirePublishedConsultation } from '../comments/submit.ts';
import { findConsultationById } from '../drafts/store.ts';
import { type AppContext, type AppEnv, pageContext, routeParam } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { checkbox, officeForm, problem, readBody, requiredText, text } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { maskPersonalData } from '../lib/mask.ts';
import type { SubscribeFormView, SubscriptionStepView } from '../../views/subscriptions/models.ts';
import { SubscribePage, SubscriptionStepPage } from '../../views/subscriptions/pages.tsx';
import { CONFIRM_DAYS, unsubscribeUrl } from './compose.ts';
import { checkConfirmation, confirmSubscription, requestSubscription, unsubscribe } from './commands.ts';
import { findSubscriptionByToken } from './store.ts';

const subscribeForm = z.object({
  email: requiredText(254, 'subscribe.error.emailRequired', 'subscribe.error.email').refine((v) => z.email().safeParse(v).success, {
    message: problem('subscribe.error.email'),
  }),
  consent: checkbox.refine((v) => v, { message: problem('subscribe.error.consent') }),
});

const tokenForm = z.object({ token: text(100) });

/** These pages name an address and carry a token: kept out of caches and search engines. */
function privatePage(c: AppContext): void {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
}

async function step(c: AppContext, view: SubscriptionStepView, status: 200 | 404 | 410 = 200) {
  privatePage(c);
  const csrf = view.step === 'confirm' || view.step === 'unsubscribe' ? await csrfTokenFor(c, c.var.services.signer, c.var.services.secureCookies) : '';
  return page(c, <SubscriptionStepPage ctx={pageContext(c, csrf)} view={view} />, status);
}

async function consultationOfSubscription(c: AppContext, consultationId: number): Promise<{ slug: string; title: string }> {
  const row = await findConsultationById(c.var.services.db, consultationId);
  return { slug: row?.slug ?? '', title: row?.title ?? '' };
}

async function renderForm(c: AppContext, known: { slug: string; title: string }, form: Pick<SubscribeFormView, 'values' | 'errors'>, status: 200 | 422) {
  privatePage(c);
  const { services } = c.var;
  const view: SubscribeFormView = { slug: known.slug, title: known.title, ...form, retentionDays: services.settings.retentionDays ?? 365 };
  return page(c, <SubscribePage ctx={pageContext(c, await csrfTokenFor(c, services.signer, services.secureCookies))} view={view} />, status);
}

/** The form of one consultation, mounted at /consultations/:slug. */
export const subscribeRoutes = new Hono<AppEnv>()
  .get('/subscribe', async (c) => {
    const { consultation } = await requirePublishedConsultation(c.var.services, routeParam(c, 'slug'), c.var.t);
    return renderForm(c, consultation, { values: { email: '', consent: false }, errors: {} }, 200);
  })

  .post('/subscribe', async (c) => {
    const { services, t, locale } = c.var;
    const { consultation } = await requirePublishedConsultation(services, routeParam(c, 'slug'), t);
    const form = await officeForm(c, subscribeForm);
    const values = { email: form.values.email ?? '', consent: form.values.consent === '1' || form.values.consent === 'on' };
    if (!form.ok) return renderForm(c, consultation, { values, errors: form.errors }, 422);
    // Each request may mail a stranger's address: it counts against the client like a comment does.
    const clientKey = await clientKeyFor(services, services.clientAddress(c));
    const decision = await services.commentLimiter.take(`subscribe:${clientKey}`, services.clock().getTime());
    if (!decision.allowed) {
      throw new AppError(429, 'rate_limited', t('subscribe.error.rateLimited', { seconds: decision.retryAfterSeconds }), {
        retryAfterSeconds: decision.retryAfterSeconds,
        heading: t('ratelimit.title'),
      });
    }
    const result = await requestSubscription(services, { consultation, email: form.data.email, locale });
    if (!result.ok) throw new AppError(404, 'not_found', t('error.notFound.consultation'));
    // The same answer whether or not a message went: the form does not tell who is subscribed.
    return step(c, { step: 'sent', slug: consultation.slug, title: consultation.title, email: form.data.email.trim() });
  });

/** The links in the mail, mounted at /subscriptions. */
export const subscriptionRoutes = new Hono<AppEnv>()
  .get('/confirm', async (c) => {
    const checked = await checkConfirmation(c.var.services, c.req.query('token') ?? '');
    if (!checked.ok) return step(c, checked.code === 'expired' ? { step: 'expired', days: CONFIRM_DAYS } : { step: 'invalid' }, checked.code === 'expired' ? 410 : 404);
    const subscription = checked.subscription;
    const consultation = await consultationOfSubscription(c, subscription.consultation_id);
    if (subscription.state === 'confirmed') {
      return step(c, { step: 'confirmed', ...consultation, unsubscribeHref: unsubscribeUrl({ publicBaseUrl: '', token: subscription.token }) });
    }
    return step(c, { step: 'confirm', ...consultation, email: maskPersonalData(subscription.email), token: subscription.token });
  })

  .post('/confirm', async (c) => {
    const form = await officeForm(c, tokenForm);
    const result = await confirmSubscription(c.var.services, { token: form.ok ? form.data.token : '' });
    if (!result.ok) return step(c, result.code === 'expired' ? { step: 'expired', days: CONFIRM_DAYS } : { step: 'invalid' }, result.code === 'expired' ? 410 : 404);
    const consultation = await consultationOfSubscription(c, result.subscription.consultation_id);
    return step(c, { step: 'confirmed', ...consultation, unsubscribeHref: unsubscribeUrl({ publicBaseUrl: '', token: result.subscription.token }) });
  })

  .get('/unsubscribe', async (c) => {
    const subscription = await findSubscriptionByToken(c.var.services.db, c.req.query('token') ?? '');
    // Already gone (or never there): nothing will be sent, which is what the person wants to hear.
    if (!subscription) return step(c, { step: 'unsubscribed' });
    const consultation = await consultationOfSubscription(c, subscription.consultation_id);
    return step(c, { step: 'unsubscribe', ...consultation, email: maskPersonalData(subscription.email), token: subscription.token });
  })

  .post('/unsubscribe', async (c) => {
    const queryToken = c.req.query('token');
    if (queryToken !== undefined) {
      // RFC 8058 one-click: the body is exactly List-Unsubscribe=One-Click.
      const body = await readBody(c);
      if (body['List-Unsubscribe'] !== 'One-Click') throw new AppError(400, 'bad_request', c.var.t('error.badRequest'));
      await unsubscribe(c.var.services, { token: queryToken });
      return step(c, { step: 'unsubscribed' });
    }
    const form = await officeForm(c, tokenForm);
    await unsubscribe(c.var.services, { token: form.ok ? form.data.token : '' });
    return step(c, { step: 'unsubscribed' });
  });
