// Sign-in, accounts, password and audit-log pages.
import type { OfficeContext, PageContext } from '../shared/context.ts';
import { type Column, Csrf, DataTable, Field, type FieldErrors } from '../shared/kit.tsx';
import { Layout, OfficeLayout } from '../shared/layout.tsx';
import { AuditTable } from './audit.tsx';
import type { AccountFormValues, AccountView, AuditEntryView } from './models.ts';

/** A form's error as a whole, announced when it appears. */
function FormError(props: { error: string | null; id?: string }) {
  return props.error ? (
    <p class="error-text" role="alert" id={props.id}>
      {props.error}
    </p>
  ) : null;
}

export function LoginPage(props: { ctx: PageContext; email: string; next: string; error: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.login.title')}>
      <h1>{t('auth.login.title')}</h1>
      <p>{t('auth.login.intro')}</p>
      <form method="post" action="/office/login" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <FormError error={props.error} id="login-error" />
        <Field id="login-email" label={t('auth.login.email')}>
          <input
            id="login-email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={props.email}
            autofocus={!props.email}
            aria-describedby={props.error ? 'login-error' : undefined}
          />
        </Field>
        <Field id="login-password" label={t('auth.login.password')}>
          {(aria) => <input {...aria} name="password" type="password" autocomplete="current-password" required autofocus={!!props.email} />}
        </Field>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('auth.login.submit')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

export function PasswordPage(props: { ctx: OfficeContext; error: string | null; flash: string | null; min: number; forced?: boolean; then?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('auth.password.title')} flash={props.flash}>
      <h1>{t('auth.password.title')}</h1>
      {props.forced ? (
        <p class="notice-box" role="status">
          {t('auth.password.mustChange')}
        </p>
      ) : null}
      <form method="post" action="/office/password" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        {props.then ? <input type="hidden" name="then" value={props.then} /> : null}
        <FormError error={props.error} />
        <Field id="pw-current" label={t('auth.password.current')}>
          {(aria) => <input {...aria} name="current" type="password" autocomplete="current-password" required />}
        </Field>
        <Field id="pw-next" label={t('auth.password.next')} hint={t('auth.password.hint', { min: props.min })}>
          {(aria) => <input {...aria} name="next" type="password" autocomplete="new-password" required minlength={props.min} />}
        </Field>
        <button type="submit" class="button button-primary">
          {t('auth.password.submit')}
        </button>
      </form>
    </OfficeLayout>
  );
}

/** A button that posts to an account's action (reset, disable, enable). */
function AccountAction(props: { ctx: OfficeContext; id: number; action: 'reset-password' | 'disable' | 'enable'; label: string }) {
  return (
    <form method="post" action={`/office/accounts/${props.id}/${props.action}`} class="inline-form">
      <Csrf token={props.ctx.csrfToken} />
      <button type="submit" class="button button-small">
        {props.label}
      </button>
    </form>
  );
}

export function AccountsPage(props: { ctx: OfficeContext; officers: AccountView[]; flash: string | null; errors: FieldErrors; values: AccountFormValues }) {
  const { ctx, errors, values } = props;
  const { t } = ctx;
  const columns: Column<AccountView>[] = [
    { header: t('auth.accounts.email'), cell: (o) => o.email },
    { header: t('auth.accounts.name'), cell: (o) => o.name ?? '' },
    { header: t('auth.accounts.role'), cell: (o) => t(`auth.role.${o.role}`) },
    { header: t('auth.accounts.status'), cell: (o) => (o.disabled ? t('auth.accounts.disabled') : t('auth.accounts.active')) },
    {
      header: <span class="visually-hidden">{t('auth.audit.action')}</span>,
      cell: (o) => (
        <>
          <AccountAction ctx={ctx} id={o.id} action="reset-password" label={t('auth.accounts.reset')} />{' '}
          {o.id !== ctx.officer.id ? (
            <AccountAction ctx={ctx} id={o.id} action={o.disabled ? 'enable' : 'disable'} label={o.disabled ? t('auth.accounts.enable') : t('auth.accounts.disable')} />
          ) : null}
        </>
      ),
    },
  ];
  return (
    <OfficeLayout ctx={ctx} title={t('auth.accounts.title')} flash={props.flash}>
      <h1>{t('auth.accounts.title')}</h1>
      <DataTable columns={columns} rows={props.officers} />
      <h2>{t('auth.accounts.create')}</h2>
      <form method="post" action="/office/accounts" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <Field id="acc-email" label={t('auth.accounts.email')} error={errors.email}>
          {(aria) => <input {...aria} name="email" type="email" required value={values.email} />}
        </Field>
        <Field id="acc-name" label={t('auth.accounts.name')} error={errors.name}>
          {(aria) => <input {...aria} name="name" type="text" maxlength={50} value={values.name} />}
        </Field>
        <Field id="acc-role" label={t('auth.accounts.role')} error={errors.role}>
          {(aria) => (
            <select {...aria} name="role">
              {(['officer', 'moderator', 'admin'] as const).map((role) => (
                <option value={role} selected={values.role === role}>
                  {t(`auth.role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button button-primary">
          {t('auth.accounts.createSubmit')}
        </button>
      </form>
    </OfficeLayout>
  );
}

export function AuditPage(props: { ctx: OfficeContext; entries: AuditEntryView[]; olderHref: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('auth.audit.title')} wide>
      <h1>{t('auth.audit.title')}</h1>
      {props.entries.length === 0 ? <p>{t('auth.audit.none')}</p> : <AuditTable ctx={ctx} entries={props.entries} showConsultation />}
      {props.olderHref ? <a href={props.olderHref}>{t('auth.audit.older')}</a> : null}
    </OfficeLayout>
  );
}
