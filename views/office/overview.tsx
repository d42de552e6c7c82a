// One consultation's overview: where it stands, its window, counts and intake address, the
// lifecycle forms (publish, extend, close early), the import report and its audit entries.
import type { Child } from 'hono/jsx';
import type { OfficeContext } from '../shared/context.ts';
import { Field } from '../shared/kit.tsx';
import { AuditTable } from './audit.tsx';
import { canManage, ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { ChangeForm } from './forms.tsx';
import { ImportReportSection, windowCheckText } from './import-report.tsx';
import type { LifecycleForms, OverviewView } from './models.ts';

function Fact(props: { term: string; children: Child }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** The reason a deadline moved: the public page shows it. */
function ReasonField(props: { ctx: OfficeContext; id: string; value: string | undefined; error: string | undefined }) {
  return (
    <Field id={props.id} label={props.ctx.t('office.lifecycle.reason')} error={props.error} required>
      {(aria) => (
        <textarea {...aria} name="reason" rows={2} maxlength={500} required>
          {props.value ?? ''}
        </textarea>
      )}
    </Field>
  );
}

function Facts(props: { ctx: OfficeContext; c: OverviewView }) {
  const { ctx, c } = props;
  const { t } = ctx;
  return (
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
        <p>{t('office.overview.countLine', { total: c.counts.total, pending: c.counts.pending, published: c.counts.published, hidden: c.counts.hidden, spam: c.counts.spam })}</p>
        <p>{t('office.overview.channelLine', { web: c.counts.web, email: c.counts.email, offline: c.counts.offline, late: c.counts.late })}</p>
        {c.counts.notOpinion > 0 ? <p class="hint">{t('office.overview.notOpinionLine', { count: c.counts.notOpinion })}</p> : null}
        <p>{t('office.overview.roster', { count: c.rosterCount })}</p>
        <p>
          <a href={consultationHref(c.slug, 'structure')}>{t('office.overview.blocks', c.stats)}</a>
        </p>
      </Fact>
    </dl>
  );
}

function Lifecycle(props: { ctx: OfficeContext; c: OverviewView; forms: LifecycleForms }) {
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
    <section class="lifecycle" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t('office.lifecycle.title')}</h2>
      {!canManage(ctx) ? <p class="hint">{t('office.lifecycle.moderatorOnly')}</p> : null}
      {strayErrors.map((error) => (
        <p class="error-text" role="alert">
          {error}
        </p>
      ))}
      {canManage(ctx) && c.state === 'draft' ? (
        <ChangeForm ctx={ctx} action={`${base}/publish`} version={c.version} class="stack-form" id="publish-form">
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
        </ChangeForm>
      ) : null}
      {canManage(ctx) && running ? (
        <>
          <ChangeForm ctx={ctx} action={`${base}/extend`} version={c.version} class="stack-form" id="extend-form">
            <h3>{t('office.lifecycle.extend')}</h3>
            <p class="hint">{t('office.lifecycle.extendHint')}</p>
            <Field id="extend-closes" label={t('office.lifecycle.newCloses')} error={forms.extend?.errors.closes} required>
              {(aria) => <input {...aria} name="closes" type="datetime-local" required value={forms.extend?.values.closes ?? c.closesInput} />}
            </Field>
            <ReasonField ctx={ctx} id="extend-reason" value={forms.extend?.values.reason} error={forms.extend?.errors.reason} />
            <button type="submit" class="button">
              {t('office.lifecycle.extendSubmit')}
            </button>
          </ChangeForm>
          <ChangeForm ctx={ctx} action={`${base}/close`} version={c.version} class="stack-form" id="close-form">
            <h3>{t('office.lifecycle.close')}</h3>
            <p class="hint">{t('office.lifecycle.closeHint')}</p>
            <ReasonField ctx={ctx} id="close-reason" value={forms.close?.values.reason} error={forms.close?.errors.reason} />
            <button type="submit" class="button">
              {t('office.lifecycle.closeSubmit')}
            </button>
          </ChangeForm>
        </>
      ) : null}
      {c.phase === 'closed' ? <p>{t('office.lifecycle.finished')}</p> : null}
    </section>
  );
}

export function OverviewPage(props: { ctx: OfficeContext; c: OverviewView; forms: LifecycleForms; flash: string | null }) {
  const { ctx, c } = props;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={c} current="overview" heading={t('office.overview.title')} phase={c.phase} flash={props.flash}>
      <Facts ctx={ctx} c={c} />
      <Lifecycle ctx={ctx} c={c} forms={props.forms} />
      <ImportReportSection ctx={ctx} report={c.report} />
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t('office.overview.audit')}</h2>
        {c.audit.length === 0 ? <p>{t('office.overview.auditNone')}</p> : <AuditTable ctx={ctx} entries={c.audit} />}
      </section>
    </ConsultationFrame>
  );
}
