// Entering a comment received on paper, by phone or at a meeting. A refused form comes back with
// each error next to its field, listed at the top, and everything typed kept.
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import { Csrf, ErrorSummary, Field } from '../shared/kit.tsx';
import { OFFLINE_KIND_CHOICES, type OfflineValues, type OfflineView } from './models.ts';
import { commentsBase, Select } from './parts.tsx';

/** Each field's control, in the order the form shows them (the error summary follows it). */
const FIELD_IDS: Record<keyof OfflineValues, string> = {
  kind: 'off-kind',
  received: 'off-received',
  paragraphId: 'off-paragraph',
  body: 'off-body',
  name: 'off-name',
  organization: 'off-organization',
  unit: 'off-unit',
  email: 'off-email',
  phone: 'off-phone',
};

export function OfflinePage(props: { view: OfflineView }) {
  const { view } = props;
  const { ctx, values, errors, consultation } = view;
  const { t } = ctx;
  const base = commentsBase(consultation.slug);
  const summary = (Object.keys(FIELD_IDS) as (keyof OfflineValues)[])
    .filter((field) => errors[field])
    .map((field) => ({ href: `#${FIELD_IDS[field]}`, text: errors[field]! }));
  return (
    <ConsultationFrame ctx={ctx} consultation={consultation} current="comments" heading={t('review.offline.title')} phase={consultation.phase}>
      <p>
        <a href={base}>← {t('review.detail.back')}</a>
      </p>
      <p>{t('review.offline.intro')}</p>
      <form method="post" action={`${base}/new`} class="stack-form offline-form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary title={t('review.error.form')} items={summary} />
        <Select
          id="off-kind"
          name="kind"
          label={t('review.offline.kind')}
          value={values.kind}
          options={[['', t('review.bulk.choose')], ...OFFLINE_KIND_CHOICES.map((k): [string, string] => [k, t(`review.kind.${k}`)])]}
          error={errors.kind}
          required
        />
        <Field id="off-received" label={t('review.offline.received')} hint={t('review.offline.receivedHint')} error={errors.received} required>
          {(aria) => <input {...aria} name="received" type="date" required value={values.received} />}
        </Field>
        <Select
          id="off-paragraph"
          name="paragraphId"
          label={t('review.offline.paragraph')}
          value={values.paragraphId === 'general' ? '' : values.paragraphId}
          options={[['', t('review.offline.general')], ...view.paragraphs.map((p): [string, string] => [p.key, p.caption])]}
          error={errors.paragraphId}
        />
        <Field id="off-body" label={t('review.offline.body')} hint={t('review.offline.bodyHint', { min: view.limits.min, max: view.limits.max })} error={errors.body} required>
          {(aria) => (
            <textarea {...aria} name="body" rows={8} required maxlength={view.limits.max}>
              {values.body}
            </textarea>
          )}
        </Field>
        <Field id="off-name" label={t('review.offline.author')} error={errors.name}>
          {(aria) => <input {...aria} name="name" type="text" maxlength={50} value={values.name} />}
        </Field>
        <Field id="off-organization" label={t('review.offline.organization')} error={errors.organization}>
          {(aria) => <input {...aria} name="organization" type="text" maxlength={100} value={values.organization} />}
        </Field>
        <Select
          id="off-unit"
          name="unit"
          label={t('review.offline.unit')}
          value={values.unit}
          options={[['', t('review.offline.unitNone')], ...view.units.map((u): [string, string] => [String(u.id), u.name])]}
          error={errors.unit}
        />
        <Field id="off-email" label={t('review.offline.email')} error={errors.email}>
          {(aria) => <input {...aria} name="email" type="email" maxlength={254} value={values.email} />}
        </Field>
        <Field id="off-phone" label={t('review.offline.phone')} error={errors.phone}>
          {(aria) => <input {...aria} name="phone" type="tel" maxlength={20} value={values.phone} />}
        </Field>
        <button type="submit" class="button button-primary">
          {t('review.offline.submit')}
        </button>
      </form>
    </ConsultationFrame>
  );
}
