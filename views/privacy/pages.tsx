// The office's personal-information page: a person's request (find by tracking number, export,
// erase), the retention schedule, and the notice's wording (admins).
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, DataTable, Field, FieldError, type Column } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { NoticeFormView, PersonCommentView, PersonView, PrivacyPageView, RetentionRowView } from './models.ts';

function List(props: { items: string[]; none: string }) {
  return props.items.length ? <>{props.items.join('、')}</> : <span class="muted">{props.none}</span>;
}

function PersonRecord(props: { ctx: OfficeContext; person: PersonView; eraseError: string | null }) {
  const { ctx, person } = props;
  const { t } = ctx;
  const none = t('privacy.request.none');
  const columns: Column<PersonCommentView>[] = [
    { header: t('privacy.col.trackingNumber'), cell: (c) => <code>{c.trackingNumber}</code>, rowHeader: true },
    { header: t('privacy.col.consultation'), cell: (c) => c.consultationTitle },
    { header: t('privacy.col.received'), cell: (c) => c.received },
    { header: t('privacy.col.channel'), cell: (c) => c.channel },
    { header: t('privacy.col.state'), cell: (c) => c.state },
  ];
  return (
    <section class="person-record" aria-labelledby="person-held">
      <h3 id="person-held">{t('privacy.request.held')}</h3>
      <dl class="facts">
        {(
          [
            [t('privacy.request.names'), person.names],
            [t('privacy.request.emails'), person.emails],
            [t('privacy.request.phones'), person.phones],
          ] as const
        ).map(([label, items]) => (
          <div>
            <dt>{label}</dt>
            <dd>
              <List items={[...items]} none={none} />
            </dd>
          </div>
        ))}
      </dl>
      <p>
        {t('privacy.request.comments', { count: person.comments.length })} · {t('privacy.request.messages', { count: person.messageCount })} ·{' '}
        {t('privacy.request.mails', { count: person.mailCount })}
      </p>
      <p class="hint">{t('privacy.request.sameContact')}</p>
      <DataTable columns={columns} rows={person.comments} />
      <div class="actions">
        <form method="post" action="/office/privacy/export" hx-boost="false">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="trackingNumber" value={person.trackingNumber} />
          <button type="submit" class="button">
            {t('privacy.request.export')}
          </button>
        </form>
      </div>
      <form method="post" action="/office/privacy/erase" class={props.eraseError ? 'stack-form field-error' : 'stack-form'}>
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="trackingNumber" value={person.trackingNumber} />
        <FieldError id="erase-confirm" error={props.eraseError ?? undefined} />
        <label class="checkbox" for="erase-confirm">
          <input id="erase-confirm" type="checkbox" name="confirm" value="1" aria-invalid={props.eraseError ? 'true' : undefined} aria-describedby={props.eraseError ? 'erase-confirm-error' : undefined} />{' '}
          {t('privacy.request.eraseConfirm')}
        </label>
        <button type="submit" class="button button-danger">
          {t('privacy.request.erase')}
        </button>
      </form>
    </section>
  );
}

export function PrivacyPage(props: { ctx: OfficeContext; view: PrivacyPageView; flash: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const retentionColumns: Column<RetentionRowView>[] = [
    { header: t('privacy.col.consultation'), cell: (r) => r.title, rowHeader: true },
    { header: t('privacy.retention.resultsPublished'), cell: (r) => r.resultsPublished },
    { header: t('privacy.retention.due'), cell: (r) => r.due },
    { header: t('privacy.col.state'), cell: (r) => r.state },
  ];
  return (
    <OfficeLayout ctx={ctx} title={t('privacy.title')} flash={props.flash}>
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro')}</p>

      <h2>{t('privacy.request.title')}</h2>
      <p>{t('privacy.request.intro')}</p>
      <form method="get" action="/office/privacy" class="stack-form">
        <Field id="privacy-no" label={t('privacy.request.number')} error={view.lookupError ?? undefined}>
          {(aria) => <input {...aria} name="no" type="text" value={view.query} autocomplete="off" maxlength={40} placeholder="YJ-7K3M-9QXA" />}
        </Field>
        <button type="submit" class="button button-primary">
          {t('privacy.request.find')}
        </button>
      </form>
      {view.person ? <PersonRecord ctx={ctx} person={view.person} eraseError={view.eraseError} /> : null}

      <h2>{t('privacy.retention.title')}</h2>
      <p>{view.retentionIntro}</p>
      <DataTable columns={retentionColumns} rows={view.retention} empty={t('privacy.retention.none')} />

      <h2>{t('privacy.notice.edit.title')}</h2>
      {view.canEditNotice ? (
        <p>
          <a href="/office/privacy/notice">{t('privacy.notice.edit.title')}</a>
        </p>
      ) : (
        <p class="muted">{t('privacy.notice.edit.adminOnly')}</p>
      )}
    </OfficeLayout>
  );
}

/** One language's wording, with the default beside it for reference. */
function NoticeField(props: { ctx: OfficeContext; name: 'zh' | 'en'; lang: string; label: string; value: string; fallback: string; error?: string }) {
  return (
    <>
      <Field id={`notice-${props.name}`} label={props.label} error={props.error}>
        {(aria) => (
          <textarea {...aria} name={props.name} rows={8} lang={props.lang}>
            {props.value}
          </textarea>
        )}
      </Field>
      <details>
        <summary>{props.ctx.t('privacy.notice.edit.default')}</summary>
        <pre class="notice-default" lang={props.lang}>
          {props.fallback}
        </pre>
      </details>
    </>
  );
}

export function NoticePage(props: { ctx: OfficeContext; view: NoticeFormView; flash: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('privacy.notice.edit.title')} flash={props.flash}>
      <h1>{t('privacy.notice.edit.title')}</h1>
      <p>{view.intro}</p>
      <form method="post" action="/office/privacy/notice" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <NoticeField ctx={ctx} name="zh" lang="zh-CN" label={t('privacy.notice.edit.zh')} value={view.values.zh} fallback={view.defaults.zh} error={view.errors.zh} />
        <NoticeField ctx={ctx} name="en" lang="en" label={t('privacy.notice.edit.en')} value={view.values.en} fallback={view.defaults.en} error={view.errors.en} />
        <button type="submit" class="button button-primary">
          {t('privacy.notice.edit.save')}
        </button>
      </form>
    </OfficeLayout>
  );
}
