// Subscribing to a consultation by email: the form, "check your inbox", the confirmation page
// (a button that POSTs: following the link alone subscribes nobody), and unsubscribing.
import type { PageContext } from '../shared/context.ts';
import { Csrf, ErrorSummary, Field } from '../shared/kit.tsx';
import { Layout } from '../shared/layout.tsx';
import type { SubscribeFormView, SubscriptionStepView } from './models.ts';

function BackLink(props: { ctx: PageContext; slug: string; title: string }) {
  return (
    <p class="breadcrumb">
      <a href={`/consultations/${encodeURIComponent(props.slug)}`}>{props.title}</a>
    </p>
  );
}

export function SubscribePage(props: { ctx: PageContext; view: SubscribeFormView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { errors, values } = view;
  const labels: Record<string, string> = { email: t('subscribe.email'), consent: t('subscribe.consent') };
  const items = Object.entries(errors)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([name, message]) => ({ href: `#sub-${name}`, text: message }));
  return (
    <Layout ctx={ctx} title={t('subscribe.title')}>
      <BackLink ctx={ctx} slug={view.slug} title={view.title} />
      <div class="subscription-box">
        <h1>{t('subscribe.title')}</h1>
        <p>{t('subscribe.intro', { title: view.title })}</p>
        <form method="post" action={`/consultations/${encodeURIComponent(view.slug)}/subscribe`} class="subscribe-form" novalidate>
          <Csrf token={ctx.csrfToken} />
          <ErrorSummary title={t('subscribe.error.summary')} items={items} />
          <Field id="sub-email" label={labels.email!} hint={t('subscribe.email.hint')} error={errors.email} required>
            {(aria) => <input {...aria} name="email" type="email" inputmode="email" autocomplete="email" maxlength={254} required value={values.email} />}
          </Field>
          <div class={errors.consent ? 'field field-error privacy-consent' : 'field privacy-consent'}>
            {errors.consent ? (
              <p class="error-text" id="sub-consent-error">
                {errors.consent}
              </p>
            ) : null}
            <label class="checkbox">
              <input
                id="sub-consent"
                type="checkbox"
                name="consent"
                value="1"
                checked={values.consent}
                aria-describedby={errors.consent ? 'sub-consent-error sub-consent-hint' : 'sub-consent-hint'}
                aria-invalid={errors.consent ? 'true' : undefined}
              />{' '}
              {labels.consent}
            </label>
            <p class="hint" id="sub-consent-hint">
              {t('subscribe.consent.hint', { days: view.retentionDays })}
            </p>
          </div>
          <div class="actions">
            <button type="submit" class="button button-primary">
              {t('subscribe.submit')}
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

function stepTitle(ctx: PageContext, view: SubscriptionStepView): string {
  const { t } = ctx;
  switch (view.step) {
    case 'sent':
      return t('subscribe.sent.title');
    case 'confirm':
      return t('subscribe.confirm.title');
    case 'confirmed':
      return t('subscribe.confirmed.title');
    case 'unsubscribe':
      return t('unsubscribe.title');
    case 'unsubscribed':
      return t('unsubscribe.done.title');
    case 'invalid':
    case 'expired':
      return t('subscribe.invalid.title');
  }
}

function StepBody(props: { ctx: PageContext; view: SubscriptionStepView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  switch (view.step) {
    case 'sent':
      return (
        <>
          <p role="status">{t('subscribe.sent.body', { email: view.email })}</p>
          <p class="muted">{t('subscribe.sent.note')}</p>
          <p>
            <a href={`/consultations/${encodeURIComponent(view.slug)}`}>{t('subscribe.back')}</a>
          </p>
        </>
      );
    case 'confirm':
      return (
        <form method="post" action="/subscriptions/confirm">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="token" value={view.token} />
          <p>{t('subscribe.confirm.intro', { email: view.email, title: view.title })}</p>
          <div class="actions">
            <button type="submit" class="button button-primary">
              {t('subscribe.confirm.button')}
            </button>
          </div>
        </form>
      );
    case 'confirmed':
      return (
        <>
          <p role="status">{t('subscribe.confirmed.body', { title: view.title })}</p>
          <p class="muted">
            {t('subscribe.confirmed.unsubscribe')} <a href={view.unsubscribeHref}>{t('unsubscribe.title')}</a>
          </p>
          <p>
            <a href={`/consultations/${encodeURIComponent(view.slug)}`}>{t('subscribe.back')}</a>
          </p>
        </>
      );
    case 'unsubscribe':
      return (
        <form method="post" action="/subscriptions/unsubscribe">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="token" value={view.token} />
          <p>{t('unsubscribe.intro', { email: view.email, title: view.title })}</p>
          <div class="actions">
            <button type="submit" class="button button-danger">
              {t('unsubscribe.button')}
            </button>
          </div>
        </form>
      );
    case 'unsubscribed':
      return <p role="status">{t('unsubscribe.done.body')}</p>;
    case 'invalid':
      return <p>{t('subscribe.invalid.body')}</p>;
    case 'expired':
      return <p>{t('subscribe.expired.body', { days: view.days })}</p>;
  }
}

export function SubscriptionStepPage(props: { ctx: PageContext; view: SubscriptionStepView }) {
  const { ctx, view } = props;
  const title = stepTitle(ctx, view);
  return (
    <Layout ctx={ctx} title={title}>
      {'slug' in view ? <BackLink ctx={ctx} slug={view.slug} title={view.title} /> : null}
      <div class="subscription-box">
        <h1>{title}</h1>
        <StepBody ctx={ctx} view={view} />
      </div>
    </Layout>
  );
}
