// The office's consultation pages: the list, creating a draft, one consultation's overview with
// its lifecycle (publish, extend, close early), and its settings.
import type { Child } from 'hono/jsx';
import type { AuditRow } from '../../src/auth/audit.ts';
import type { ImportReport } from '../../src/drafts/parse-types.ts';
import type { Phase } from '../../src/drafts/window.ts';
import type { CommentCounts } from '../../src/office/store.ts';
import type { WindowCheck } from '../../src/office/window-rules.ts';
import type { MessageKey, Translate } from '../../src/lib/i18n.ts';
import { AuditTable } from './auth.tsx';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { Csrf, describedBy, ErrorSummary, Field, type FieldErrors } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { OfficeContext } from '../shared/context.ts';

const canManage = (ctx: OfficeContext) => ctx.officer.role === 'admin' || ctx.officer.role === 'officer';

// ---------------------------------------------------------------------------------------------
// The list

export interface ConsultationListRow {
  slug: string;
  title: string;
  phase: Phase;
  opens: string | null;
  closes: string | null;
  pending: number;
  total: number;
}

export function ConsultationListPage(props: { ctx: OfficeContext; rows: ConsultationListRow[]; flash: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  const groups: Phase[] = ['draft', 'open', 'upcoming', 'closed'];
  return (
    <OfficeLayout ctx={ctx} title={t('office.list.title')} flash={props.flash} wide>
      <div class="page-heading">
        <h1>{t('office.list.title')}</h1>
        {canManage(ctx) ? (
          <a class="button button-primary" href="/office/consultations/new">
            {t('office.list.new')}
          </a>
        ) : null}
      </div>
      {props.rows.length === 0 ? <p>{t('office.list.none')}</p> : null}
      {groups.map((phase) => {
        const rows = props.rows.filter((r) => r.phase === phase);
        if (rows.length === 0) return null;
        return (
          <section aria-labelledby={`group-${phase}`}>
            <h2 id={`group-${phase}`}>
              {t(`office.list.group.${phase}`)} <span class="count">({rows.length})</span>
            </h2>
            <div class="table-scroll">
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('office.list.col.title')}</th>
                    <th scope="col">{t('office.list.col.window')}</th>
                    <th scope="col" class="numeric">
                      {t('office.list.col.pending')}
                    </th>
                    <th scope="col" class="numeric">
                      {t('office.list.col.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr>
                      <td>
                        <a href={consultationHref(row.slug)}>{row.title}</a>
                        <br />
                        <code class="slug">{row.slug}</code>
                      </td>
                      <td>{row.opens && row.closes ? t('window.range', { opens: row.opens, closes: row.closes }) : t('office.list.noWindow')}</td>
                      <td class="numeric">{row.pending > 0 ? <strong>{row.pending}</strong> : '0'}</td>
                      <td class="numeric">{row.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Creating a draft

export interface NewConsultationValues {
  title: string;
  slug: string;
  text: string;
}

export function NewConsultationPage(props: {
  ctx: OfficeContext;
  values: NewConsultationValues;
  errors: FieldErrors;
  limits: { maxChars: number; maxMb: number };
  slugExample: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const labels: Record<string, string> = { title: t('office.new.titleField'), slug: t('office.new.slug'), text: t('office.new.text'), file: t('office.new.file') };
  const items = Object.entries(errors)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([name, message]) => ({ href: `#new-${name}`, text: t('office.error.summaryLink', { field: labels[name] ?? name, message }) }));
  return (
    <OfficeLayout ctx={ctx} title={t('office.new.title')}>
      <p class="breadcrumb">
        <a href="/office/consultations">{t('office.list.title')}</a>
      </p>
      <h1>{t('office.new.title')}</h1>
      <p>{t('office.new.intro')}</p>
      <form method="post" action="/office/consultations/new" enctype="multipart/form-data" class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary title={t('office.new.error.summary')} items={items} />
        <Field id="new-title" label={labels.title!} hint={t('office.new.titleHint')} error={errors.title}>
          <input id="new-title" name="title" type="text" maxlength={200} value={values.title} aria-describedby={describedBy('new-title', errors.title)} aria-invalid={errors.title ? 'true' : undefined} />
        </Field>
        <Field id="new-slug" label={labels.slug!} hint={t('office.new.slugHint', { example: props.slugExample })} error={errors.slug}>
          <input
            id="new-slug"
            name="slug"
            type="text"
            maxlength={80}
            pattern="[a-z0-9][a-z0-9\-]{1,79}"
            autocapitalize="off"
            spellcheck={false}
            value={values.slug}
            aria-describedby={describedBy('new-slug', errors.slug)} aria-invalid={errors.slug ? 'true' : undefined}
          />
        </Field>
        <Field id="new-text" label={labels.text!} hint={t('office.new.textHint', { max: props.limits.maxChars })} error={errors.text}>
          <textarea id="new-text" name="text" rows={16} aria-describedby={describedBy('new-text', errors.text)} aria-invalid={errors.text ? 'true' : undefined}>
            {values.text}
          </textarea>
        </Field>
        <Field id="new-file" label={labels.file!} hint={t('office.new.fileHint', { mb: props.limits.maxMb })} error={errors.file}>
          <input id="new-file" name="file" type="file" accept=".txt,.md,.markdown,.docx,text/plain,text/markdown" aria-describedby={describedBy('new-file', errors.file)} aria-invalid={errors.file ? 'true' : undefined} />
        </Field>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('office.new.submit')}
          </button>
        </div>
      </form>
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// The import report (overview and structure pages)

// Report entries carry a code and its params; the words come from the dictionary in the reader's
// language. A report stored before entries carried params keeps its Chinese sentence.
const NEEDS_PARAMS = new Set([
  'suspected-damage', 'pinyin-glosses', 'page-status', 'partial-page', 'numbering-start', 'numbering-gap',
  'stray-parenthesis', 'footnote-marker', 'deadline-before-publish', 'ambiguous-reference', 'ambiguous-heading',
]);

export function reportEntryText(t: Translate, family: 'warning' | 'setAside', entry: { code: string; params?: Record<string, string | number>; message: string }): string {
  if (!entry.params && NEEDS_PARAMS.has(entry.code)) return entry.message;
  const text = t(`import.${family}.${entry.code}` as MessageKey, entry.params ?? {});
  return text ?? entry.message;
}

export function ImportReportView(props: {
  t: Translate;
  report: ImportReport;
  noticeDates: { published: string | null; deadline: string | null };
  restore?: { action: string; csrfToken: string; version: number } | null;
}) {
  const { t, report } = props;
  return (
    <section class="import-report" aria-labelledby="import-report-heading">
      <h2 id="import-report-heading">{t('office.report.title')}</h2>
      {props.noticeDates.published ? <p>{t('office.report.published', { date: props.noticeDates.published })}</p> : null}
      {props.noticeDates.deadline ? <p>{t('office.report.deadline', { date: props.noticeDates.deadline })}</p> : null}
      <h3>{t('office.report.warnings')}</h3>
      {report.warnings.length === 0 ? (
        <p>{t('office.report.warningsNone')}</p>
      ) : (
        <ul class="report-warnings">
          {report.warnings.map((w) => (
            <li>
              {w.line !== null ? <span class="line-no">{t('office.report.line', { line: w.line })}</span> : null} {reportEntryText(t, 'warning', w)}
            </li>
          ))}
        </ul>
      )}
      {report.glossesRemoved > 0 ? <p>{t('office.report.glosses', { count: report.glossesRemoved })}</p> : null}
      <h3>{t('office.report.setAside')}</h3>
      {report.setAside.length === 0 ? (
        <p>{t('office.report.setAsideNone')}</p>
      ) : (
        <ul class="set-aside">
          {report.setAside.map((line) => (
            <li>
              <span class="line-no">{t('office.report.line', { line: line.line })}</span> <span class="hint">{reportEntryText(t, 'setAside', line)}</span>
              <br />
              <q class="set-aside-text">{line.text}</q>
              {props.restore ? (
                <form method="post" action={props.restore.action} hx-post={props.restore.action} hx-target="#structure-editor" hx-swap="outerHTML" class="inline-form">
                  <Csrf token={props.restore.csrfToken} />
                  <input type="hidden" name="version" value={String(props.restore.version)} />
                  <input type="hidden" name="line" value={String(line.line)} />
                  <button type="submit" name="action" value="restore" class="button button-small" aria-label={t('office.report.restoreLabel', { line: line.line })}>
                    {t('office.report.restore')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Overview and lifecycle

export interface OverviewView {
  slug: string;
  title: string;
  state: 'draft' | 'published';
  phase: Phase;
  version: number;
  opens: string | null;
  closes: string | null;
  closesInput: string;
  extensionReason: string | null;
  closedEarlyAt: string | null;
  closedEarlyReason: string | null;
  moderation: 'pre' | 'post';
  requireName: boolean;
  documentKind: 'rule' | 'other';
  intakeAddress: string;
  counts: CommentCounts;
  rosterCount: number;
  stats: { blocks: number; commentable: number };
  windowCheck: WindowCheck | null;
  report: ImportReport;
  noticeDates: { published: string | null; deadline: string | null };
  audit: AuditRow[];
}

export interface LifecycleForms {
  publish?: { error?: string };
  extend?: { values: { closes: string; reason: string }; errors: FieldErrors };
  close?: { values: { reason: string }; errors: FieldErrors };
}

export function windowCheckText(t: Translate, check: WindowCheck): string {
  const params = { actual: check.actual, minimum: check.minimum };
  if (check.short) return check.kind === 'rule' ? t('office.window.shortRule', params) : t('office.window.shortOther', params);
  return check.kind === 'rule' ? t('office.window.length.rule', params) : t('office.window.length.other', params);
}

function Fact(props: { term: string; children: Child }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export function OverviewPage(props: { ctx: OfficeContext; c: OverviewView; forms: LifecycleForms; flash: string | null }) {
  const { ctx, c, forms } = props;
  const { t } = ctx;
  const base = consultationHref(c.slug);
  const running = c.state === 'published' && (c.phase === 'open' || c.phase === 'upcoming');
  // A refusal for a form this page no longer shows (published meanwhile, closed meanwhile).
  const strayErrors = [
    c.state !== 'draft' ? forms.publish?.error : undefined,
    !running ? forms.extend?.errors.closes : undefined,
    !running ? forms.close?.errors.reason : undefined,
  ].filter((e): e is string => Boolean(e));
  return (
    <ConsultationFrame ctx={ctx} consultation={c} current="overview" heading={t('office.overview.title')} phase={c.phase} flash={props.flash}>
      <dl class="facts">
        <Fact term={t('office.overview.state')}>{t(`phase.${c.phase}`)}</Fact>
        <Fact term={t('office.overview.window')}>
          {c.opens && c.closes ? (
            <>
              {t('window.range', { opens: c.opens, closes: c.closes })}
              {t('window.beijing')}
              {c.windowCheck ? <p class={c.windowCheck.short ? 'warning-text' : 'hint'}>{windowCheckText(t, c.windowCheck)}</p> : null}
            </>
          ) : (
            t('office.overview.noWindow')
          )}
          {c.extensionReason ? <p class="extension">{t('office.overview.extended', { reason: c.extensionReason })}</p> : null}
          {c.closedEarlyAt ? <p class="extension">{t('office.overview.closedEarly', { at: c.closedEarlyAt, reason: c.closedEarlyReason ?? '' })}</p> : null}
        </Fact>
        <Fact term={t('office.overview.moderation')}>{t(`office.moderation.${c.moderation}`)}</Fact>
        <Fact term={t('office.overview.requireName')}>{c.requireName ? t('office.overview.yes') : t('office.overview.no')}</Fact>
        <Fact term={t('office.overview.documentKind')}>{t(`office.kind.${c.documentKind}`)}</Fact>
        <Fact term={t('office.overview.intake')}>
          <code class="intake-address">{c.intakeAddress}</code>
          <p class="hint">{t('office.overview.intakeHint')}</p>
        </Fact>
        <Fact term={t('office.overview.publicPage')}>
          {c.state === 'published' ? (
            <a href={`/consultations/${c.slug}`} hx-boost="false">
              /consultations/{c.slug}
            </a>
          ) : (
            t('office.overview.publicPageDraft')
          )}
        </Fact>
        <Fact term={t('office.overview.counts')}>
          <p>
            {t('office.overview.countLine', {
              total: c.counts.total,
              pending: c.counts.byStatus.pending,
              published: c.counts.byStatus.published,
              hidden: c.counts.byStatus.hidden,
              spam: c.counts.byStatus.spam,
            })}
          </p>
          <p>{t('office.overview.channelLine', { web: c.counts.byChannel.web, email: c.counts.byChannel.email, offline: c.counts.byChannel.offline, late: c.counts.late })}</p>
          <p>{t('office.overview.roster', { count: c.rosterCount })}</p>
          <p>
            <a href={consultationHref(c.slug, 'structure')}>{t('office.overview.blocks', c.stats)}</a>
          </p>
        </Fact>
      </dl>

      <section class="lifecycle" aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">{t('office.lifecycle.title')}</h2>
        {!canManage(ctx) ? <p class="hint">{t('office.lifecycle.moderatorOnly')}</p> : null}
        {strayErrors.map((error) => (
          <p class="error-text" role="alert">
            {error}
          </p>
        ))}
        {canManage(ctx) && c.state === 'draft' ? (
          <form method="post" action={`${base}/publish`} class="stack-form" id="publish-form">
            <Csrf token={ctx.csrfToken} />
            <input type="hidden" name="version" value={String(c.version)} />
            <h3>{t('office.lifecycle.publish')}</h3>
            <p class="hint">{t('office.lifecycle.publishHint')}</p>
            {forms.publish?.error ? (
              <p class="error-text" role="alert" id="publish-error">
                {forms.publish.error}
              </p>
            ) : null}
            {!c.opens ? <p>{t('office.lifecycle.publishNeedsWindow')}</p> : null}
            {c.windowCheck?.short ? (
              <div class="field">
                <p class="warning-text" id="publish-warning">
                  {windowCheckText(t, c.windowCheck)}
                </p>
                <label class="checkbox">
                  <input type="checkbox" name="confirmShort" value="1" aria-describedby="publish-warning" /> {t('office.lifecycle.publishConfirm')}
                </label>
              </div>
            ) : null}
            <button type="submit" class="button button-primary" disabled={!c.opens}>
              {t('office.lifecycle.publish')}
            </button>
          </form>
        ) : null}
        {canManage(ctx) && running ? (
          <>
            <form method="post" action={`${base}/extend`} class="stack-form" id="extend-form">
              <Csrf token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(c.version)} />
              <h3>{t('office.lifecycle.extend')}</h3>
              <p class="hint">{t('office.lifecycle.extendHint')}</p>
              <Field id="extend-closes" label={t('office.lifecycle.newCloses')} error={forms.extend?.errors.closes} required>
                <input
                  id="extend-closes"
                  name="closes"
                  type="datetime-local"
                  required
                  value={forms.extend?.values.closes ?? c.closesInput}
                  aria-describedby={describedBy('extend-closes', forms.extend?.errors.closes, false)} aria-invalid={forms.extend?.errors.closes ? 'true' : undefined}
                />
              </Field>
              <Field id="extend-reason" label={t('office.lifecycle.reason')} error={forms.extend?.errors.reason} required>
                <textarea id="extend-reason" name="reason" rows={2} maxlength={500} required aria-describedby={describedBy('extend-reason', forms.extend?.errors.reason, false)} aria-invalid={forms.extend?.errors.reason ? 'true' : undefined}>
                  {forms.extend?.values.reason ?? ''}
                </textarea>
              </Field>
              <button type="submit" class="button">
                {t('office.lifecycle.extendSubmit')}
              </button>
            </form>
            <form method="post" action={`${base}/close`} class="stack-form" id="close-form">
              <Csrf token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(c.version)} />
              <h3>{t('office.lifecycle.close')}</h3>
              <p class="hint">{t('office.lifecycle.closeHint')}</p>
              <Field id="close-reason" label={t('office.lifecycle.reason')} error={forms.close?.errors.reason} required>
                <textarea id="close-reason" name="reason" rows={2} maxlength={500} required aria-describedby={describedBy('close-reason', forms.close?.errors.reason, false)} aria-invalid={forms.close?.errors.reason ? 'true' : undefined}>
                  {forms.close?.values.reason ?? ''}
                </textarea>
              </Field>
              <button type="submit" class="button">
                {t('office.lifecycle.closeSubmit')}
              </button>
            </form>
          </>
        ) : null}
        {c.phase === 'closed' ? <p>{t('office.lifecycle.finished')}</p> : null}
      </section>

      <ImportReportView t={t} report={c.report} noticeDates={c.noticeDates} />

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t('office.overview.audit')}</h2>
        {c.audit.length === 0 ? (
          <p>{t('office.overview.auditNone')}</p>
        ) : (
          <AuditTable ctx={ctx} entries={c.audit} />
        )}
      </section>
    </ConsultationFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// Settings

export interface SettingsValues {
  title: string;
  opens: string;
  closes: string;
  moderation: string;
  requireName: boolean;
  documentKind: string;
  intakeLocal: string;
  reminderDays: string;
  contactPerson: string;
  contactPhone: string;
  contactEmail: string;
}

export function SettingsPage(props: {
  ctx: OfficeContext;
  c: { slug: string; title: string; phase: Phase; state: 'draft' | 'published'; version: number };
  values: SettingsValues;
  errors: FieldErrors;
  windowCheck: WindowCheck | null;
  /** The window is short and not yet confirmed: show the confirmation checkbox. */
  askConfirm: boolean;
  mailDomain: string;
  noticeDates: string | null;
  flash: string | null;
  status?: string | null;
}) {
  const { ctx, values, errors, c } = props;
  const { t } = ctx;
  const labels: Record<string, string> = {
    title: t('office.settings.titleField'),
    opens: t('office.settings.opens'),
    closes: t('office.settings.closes'),
    intakeLocal: t('office.settings.intake'),
    reminderDays: t('office.settings.reminderDays'),
    contactPerson: t('office.settings.contactPerson'),
    contactPhone: t('office.settings.contactPhone'),
    contactEmail: t('office.settings.contactEmail'),
    confirmShort: t('office.settings.window'),
  };
  const items = Object.entries(errors)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([name, message]) => ({ href: `#set-${name}`, text: t('office.error.summaryLink', { field: labels[name] ?? name, message }) }));
  const text = (name: keyof SettingsValues, id: string, extra: Record<string, unknown> = {}) => (
    <input id={id} name={name} type="text" value={String(values[name])} aria-describedby={describedBy(id, errors[name], false)} aria-invalid={errors[name] ? 'true' : undefined} {...extra} />
  );
  return (
    <ConsultationFrame ctx={ctx} consultation={c} current="settings" heading={t('office.settings.title')} phase={c.phase} flash={props.flash}>
      {props.status ? (
        <p class="error-text" role="alert">
          {props.status}
        </p>
      ) : null}
      <form method="post" action={consultationHref(c.slug, 'settings')} class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(c.version)} />
        <ErrorSummary title={t('office.settings.error.summary')} items={items} />
        <Field id="set-title" label={labels.title!} error={errors.title} required>
          {text('title', 'set-title', { maxlength: 200, required: true })}
        </Field>

        <fieldset>
          <legend>{t('office.settings.window')}</legend>
          {c.state === 'published' ? (
            <p class="hint">{t('office.settings.windowPublished')}</p>
          ) : (
            <>
              <p class="hint" id="set-window-hint">
                {t('office.settings.windowHint')}
              </p>
              {props.noticeDates ? <p class="hint">{t('office.settings.noticeDates', { text: props.noticeDates })}</p> : null}
              <div class="field-row">
                <Field id="set-opens" label={labels.opens!} error={errors.opens}>
                  <input id="set-opens" name="opens" type="datetime-local" value={values.opens} aria-describedby={describedBy('set-opens', errors.opens, false)} aria-invalid={errors.opens ? 'true' : undefined} />
                </Field>
                <Field id="set-closes" label={labels.closes!} error={errors.closes}>
                  <input id="set-closes" name="closes" type="datetime-local" value={values.closes} aria-describedby={describedBy('set-closes', errors.closes, false)} aria-invalid={errors.closes ? 'true' : undefined} />
                </Field>
              </div>
              {props.windowCheck ? (
                <p class={props.windowCheck.short ? 'warning-text' : 'hint'} id="set-window-check">
                  {windowCheckText(t, props.windowCheck)}
                </p>
              ) : null}
              {props.askConfirm ? (
                <div class={errors.confirmShort ? 'field field-error' : 'field'}>
                  {errors.confirmShort ? (
                    <p class="error-text" id="set-confirmShort-error">
                      {errors.confirmShort}
                    </p>
                  ) : null}
                  <label class="checkbox">
                    <input id="set-confirmShort" type="checkbox" name="confirmShort" value="1" aria-describedby="set-window-check" /> {t('office.settings.confirmShort')}
                  </label>
                </div>
              ) : null}
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('office.settings.moderation')}</legend>
          {(['pre', 'post'] as const).map((mode) => (
            <label class="radio">
              <input type="radio" name="moderation" value={mode} checked={values.moderation === mode} /> {t(`office.settings.moderation.${mode}`)}
            </label>
          ))}
        </fieldset>

        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="requireName" value="1" checked={values.requireName} aria-describedby="set-requireName-hint" /> {t('office.settings.requireName')}
          </label>
          <p class="hint" id="set-requireName-hint">
            {t('office.settings.requireNameHint')}
          </p>
        </div>

        <fieldset>
          <legend>{t('office.settings.documentKind')}</legend>
          <p class="hint">{t('office.settings.documentKindHint')}</p>
          {(['rule', 'other'] as const).map((kind) => (
            <label class="radio">
              <input type="radio" name="documentKind" value={kind} checked={values.documentKind === kind} /> {t(`office.settings.kind.${kind}`)}
            </label>
          ))}
        </fieldset>

        <Field id="set-intakeLocal" label={labels.intakeLocal!} hint={t('office.settings.intakeHint', { domain: props.mailDomain, fallback: `${c.slug}@${props.mailDomain}` })} error={errors.intakeLocal}>
          <input
            id="set-intakeLocal"
            name="intakeLocal"
            type="text"
            maxlength={64}
            autocapitalize="off"
            spellcheck={false}
            value={values.intakeLocal}
            aria-describedby={describedBy('set-intakeLocal', errors.intakeLocal)} aria-invalid={errors.intakeLocal ? 'true' : undefined}
          />
        </Field>
        <Field id="set-reminderDays" label={labels.reminderDays!} hint={t('office.settings.reminderHint')} error={errors.reminderDays}>
          <input
            id="set-reminderDays"
            name="reminderDays"
            type="number"
            min={0}
            max={60}
            inputmode="numeric"
            value={values.reminderDays}
            aria-describedby={describedBy('set-reminderDays', errors.reminderDays)} aria-invalid={errors.reminderDays ? 'true' : undefined}
          />
        </Field>

        <fieldset>
          <legend>{t('consultation.contact')}</legend>
          <p class="hint">{t('office.settings.contactHint')}</p>
          <Field id="set-contactPerson" label={labels.contactPerson!} error={errors.contactPerson}>
            {text('contactPerson', 'set-contactPerson', { maxlength: 50, autocomplete: 'off' })}
          </Field>
          <Field id="set-contactPhone" label={labels.contactPhone!} error={errors.contactPhone}>
            {text('contactPhone', 'set-contactPhone', { maxlength: 50, type: 'tel', autocomplete: 'off' })}
          </Field>
          <Field id="set-contactEmail" label={labels.contactEmail!} error={errors.contactEmail}>
            {text('contactEmail', 'set-contactEmail', { maxlength: 254, type: 'email', autocomplete: 'off' })}
          </Field>
        </fieldset>

        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('office.settings.submit')}
          </button>
        </div>
      </form>
    </ConsultationFrame>
  );
}
