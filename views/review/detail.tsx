// A comment's own page: everything about it, its near-duplicate group, the decision (处理情况)
// and moderation. htmx swaps CommentDetail, the same piece the page renders, after an action.
import type { Child } from 'hono/jsx';
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import { Csrf, ErrorSummary, Field, FieldError, Flash } from '../shared/kit.tsx';
import type { Translate } from '../../src/lib/i18n.ts';
import { DECISION_CHOICES, type DetailPageView, type DetailView, type NotOpinionView } from './models.ts';
import { ChannelLabel, commentsBase, decisionText, detailHref, LateBadge, StatusLabel } from './parts.tsx';

const DETAIL = '#comment-detail';

function Fact(props: { label: string; children: Child }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** This comment alone or its whole near-duplicate group: asked only when it has one. */
function ScopeChoice(props: { view: DetailView; scope: string }) {
  const { view, scope } = props;
  const { t } = view.ctx;
  if (!view.group) return null;
  return (
    <fieldset class="field">
      <legend>{t('review.detail.moderateScope')}</legend>
      <label class="choice">
        <input type="radio" name="scope" value="one" checked={scope !== 'group'} /> {t('review.detail.scopeOne')}
      </label>
      <label class="choice">
        <input type="radio" name="scope" value="group" checked={scope === 'group'} /> {t('review.detail.scopeGroup', { count: view.group.size })}
      </label>
    </fieldset>
  );
}

function ModerationForm(props: { view: DetailView }) {
  const { view } = props;
  const { t } = view.ctx;
  const c = view.comment;
  const action = `${commentsBase(view.slug)}/${c.id}/moderate`;
  const { values, errors } = view.moderation;
  return (
    <section class="panel" aria-labelledby="moderate-title">
      <h2 id="moderate-title">{t('review.detail.moderate')}</h2>
      <p>
        {t('review.detail.status')}：<StatusLabel t={t} status={c.status} />
        {c.statusReason ? ` ${t('review.row.reason', { reason: c.statusReason })}` : ''}
      </p>
      <form method="post" action={action} hx-post={action} hx-target={DETAIL} hx-swap="outerHTML" class="stack-form" novalidate>
        <Csrf token={view.ctx.csrfToken} />
        <input type="hidden" name="back" value={view.back} />
        {errors.action ? (
          <p class="error-text" role="alert">
            {errors.action}
          </p>
        ) : null}
        <ScopeChoice view={view} scope={values.scope} />
        <Field id="mod-reason" label={t('review.detail.hideReason')} hint={t('review.detail.hideReasonHint')} error={errors.reason}>
          {(aria) => (
            <textarea {...aria} name="reason" rows={2} maxlength={2000}>
              {values.reason}
            </textarea>
          )}
        </Field>
        <div class="actions">
          <button type="submit" name="action" value="publish" class="button button-primary">
            {t('review.detail.publishNow')}
          </button>
          <button type="submit" name="action" value="hide" class="button">
            {t('review.detail.hideNow')}
          </button>
          <button type="submit" name="action" value="spam" class="button">
            {t('review.detail.spamNow')}
          </button>
        </div>
      </form>
    </section>
  );
}

function markedLine(t: Translate, marked: NotOpinionView): string {
  return marked.by ? t('review.notOpinion.marked.line', { who: marked.by, when: marked.at }) : t('review.notOpinion.marked.lineWhen', { when: marked.at });
}

/** Whether it is an opinion at all: marking takes it out of every count, restoring puts it back. */
function NotOpinionForm(props: { view: DetailView }) {
  const { view } = props;
  const { t } = view.ctx;
  const c = view.comment;
  const action = `${commentsBase(view.slug)}/${c.id}/not-opinion`;
  const { values, errors } = view.notOpinionForm;
  const marked = c.notOpinion;
  return (
    <section class="panel" aria-labelledby="not-opinion-title">
      <h2 id="not-opinion-title">{t('review.notOpinion.title')}</h2>
      {marked ? (
        <p>
          <span class="badge badge-not-opinion">{t('review.notOpinion.badge')}</span> {markedLine(t, marked)}
          {marked.reason ? <span class="from-line">{t('review.notOpinion.reasonLine', { reason: marked.reason })}</span> : null}
        </p>
      ) : (
        <p class="hint">{t('review.notOpinion.what')}</p>
      )}
      <form method="post" action={action} hx-post={action} hx-target={DETAIL} hx-swap="outerHTML" class="stack-form" novalidate>
        <Csrf token={view.ctx.csrfToken} />
        <input type="hidden" name="back" value={view.back} />
        <input type="hidden" name="action" value={marked ? 'restore' : 'mark'} />
        <ScopeChoice view={view} scope={values.scope} />
        {marked ? (
          errors.reason ? (
            <p class="error-text" role="alert">
              {errors.reason}
            </p>
          ) : null
        ) : (
          <Field id="not-opinion-reason" label={t('review.notOpinion.reason')} error={errors.reason}>
            {(aria) => <input {...aria} name="reason" type="text" maxlength={2000} value={values.reason} />}
          </Field>
        )}
        <div class="actions">
          <button type="submit" class="button">
            {marked ? t('review.notOpinion.restore') : t('review.notOpinion.mark')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DecisionForm(props: { view: DetailView }) {
  const { view } = props;
  const { t } = view.ctx;
  const c = view.comment;
  const action = `${commentsBase(view.slug)}/${c.id}/decide`;
  const { values, errors } = view.decision;
  const summary = [
    errors.decision ? { href: '#decision-adopted', text: errors.decision } : null,
    errors.reason ? { href: '#decide-reason', text: errors.reason } : null,
  ].filter((item) => item !== null);
  return (
    <section class="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">{t('review.decide.title')}</h2>
      <p>
        {c.decision ? t('review.decide.current', { decision: t(`review.decision.${c.decision}`) }) : t('review.decide.none')}
        {c.decided ? <span class="from-line muted">{t('review.row.decidedBy', { who: c.decided.by, when: c.decided.at })}</span> : null}
      </p>
      {c.decisionReason ? <p class="comment-body">{t('review.row.reason', { reason: c.decisionReason })}</p> : null}
      {!view.canDecide ? (
        <p class="hint">{t('review.decide.readOnly')}</p>
      ) : (
        <form method="post" action={action} hx-post={action} hx-target={DETAIL} hx-swap="outerHTML" class="stack-form" novalidate>
          <Csrf token={view.ctx.csrfToken} />
          <input type="hidden" name="back" value={view.back} />
          <ErrorSummary title={t('review.error.form')} items={summary} />
          <fieldset class={errors.decision ? 'field field-error' : 'field'} aria-describedby={errors.decision ? 'decision-error' : undefined}>
            <legend>{t('review.decide.legend')}</legend>
            <FieldError id="decision" error={errors.decision} />
            {DECISION_CHOICES.map((d) => (
              <label class="choice">
                <input type="radio" name="decision" value={d} id={`decision-${d}`} checked={values.decision === d} /> {t(`review.decision.${d}`)}
              </label>
            ))}
          </fieldset>
          <Field id="decide-reason" label={t('review.decide.reason')} hint={t('review.decide.reasonHint')} error={errors.reason}>
            {(aria) => (
              <textarea {...aria} name="reason" rows={4} maxlength={2000}>
                {values.reason}
              </textarea>
            )}
          </Field>
          {view.group ? <p class="hint">{t('review.decide.groupHint', { count: view.group.size })}</p> : null}
          <div class="actions">
            <button type="submit" name="scope" value="one" class="button button-primary">
              {t('review.decide.saveOne')}
            </button>
            {view.group ? (
              <button type="submit" name="scope" value="group" class="button button-primary">
                {t('review.decide.saveGroup', { count: view.group.size })}
              </button>
            ) : null}
          </div>
        </form>
      )}
    </section>
  );
}

/** The part htmx swaps after an action on this page. */
export function CommentDetail(props: { view: DetailView }) {
  const { view } = props;
  const { t } = view.ctx;
  const c = view.comment;
  return (
    <div id="comment-detail" class="comment-detail">
      <Flash message={view.flash} />
      <div class="detail-grid">
        <section aria-labelledby="comment-title">
          <h2 id="comment-title">{t('review.detail.facts')}</h2>
          {c.notOpinion ? (
            <p class="state-note" role="status">
              <span class="badge badge-not-opinion">{t('review.notOpinion.badge')}</span> {markedLine(t, c.notOpinion)}
            </p>
          ) : null}
          <dl class="facts">
            <Fact label={t('review.detail.paragraph')}>{c.caption ?? t('review.general')}</Fact>
            <Fact label={t('review.detail.channel')}>
              <ChannelLabel t={t} source={c.source} />
              {c.inboundMessageId ? ` ${t('review.detail.inboundRef', { id: c.inboundMessageId })}` : ''}
            </Fact>
            <Fact label={t('review.detail.author')}>{c.author ?? t('review.anonymous')}</Fact>
            {c.organization ? <Fact label={t('review.detail.organization')}>{c.organization}</Fact> : null}
            {c.unit ? <Fact label={t('review.detail.unit')}>{c.unit}</Fact> : null}
            {c.proposedUnit ? <Fact label={t('review.detail.unit')}>{t('review.row.proposedUnit', { unit: c.proposedUnit })}</Fact> : null}
            {c.email ? <Fact label={t('review.detail.email')}>{c.email}</Fact> : null}
            {c.phone ? <Fact label={t('review.detail.phone')}>{c.phone}</Fact> : null}
            <Fact label={t('review.detail.received')}>
              <time datetime={c.received.iso}>{c.received.text}</time>
            </Fact>
            <Fact label={t('review.detail.late')}>{c.late ? <LateBadge t={t} /> : t('review.late.no')}</Fact>
            {c.enteredBy ? <Fact label={t('review.detail.enteredBy')}>{c.enteredBy}</Fact> : null}
          </dl>
          {c.email || c.phone ? <p class="hint">{t('review.detail.contactNote')}</p> : null}
          <h3>{t('review.detail.body')}</h3>
          <p class="comment-body detail-body">{c.body}</p>
          {c.publicBody !== null ? (
            <>
              <h3>{t('review.detail.publicBody')}</h3>
              <p class="comment-body detail-body public-body">{c.publicBody}</p>
            </>
          ) : null}
          {view.group ? (
            <>
              <h3>{t('review.detail.group')}</h3>
              <p>{t('review.detail.groupOf', { others: view.group.size - 1 })}</p>
              <ul class="member-list">
                {view.group.others.map((m) => (
                  <li>
                    <a href={detailHref(view.slug, m.id, view.back)}>{m.trackingNumber}</a> {m.who ?? t('review.anonymous')} · {t(`review.status.${m.status}`)} ·{' '}
                    {decisionText(t, m.decision)}
                  </li>
                ))}
              </ul>
              <p>
                <a href={view.group.allHref}>{t('review.group.allMembers', { count: view.group.size })}</a>
              </p>
            </>
          ) : null}
        </section>
        <div>
          <DecisionForm view={view} />
          <ModerationForm view={view} />
          <NotOpinionForm view={view} />
        </div>
      </div>
    </div>
  );
}

export function CommentDetailPage(props: { view: DetailPageView; children: Child }) {
  const { view } = props;
  const { t } = view.ctx;
  return (
    <ConsultationFrame
      ctx={view.ctx}
      consultation={view.consultation}
      current="comments"
      heading={t('review.detail.title', { number: view.comment.trackingNumber })}
      phase={view.consultation.phase}
      wide
    >
      <p>
        <a href={view.back}>← {t('review.detail.back')}</a>
      </p>
      {props.children}
    </ConsultationFrame>
  );
}
