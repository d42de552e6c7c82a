// Pieces the mail pages share: the sender and subject of a message, the assign and not-spam
// forms, and what was understood of a message (on its page and in the upload results).
import type { Translate } from '../../src/lib/i18n.ts';
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, FieldError } from '../shared/kit.tsx';
import type { ConsultationChoice, MailOutcomeView, MailRefusal, MailStateView, MailSummary } from './models.ts';

export function mailHref(id: number): string {
  return `/office/mail/${id}`;
}

export function outcomeLabel(t: Translate, state: MailStateView, outcome: MailOutcomeView | null): string {
  return state === 'received' || !outcome ? t('mail.office.outcome.received') : t(`mail.office.outcome.${outcome}`);
}

export function Sender(props: { t: Translate; from: string | null }) {
  return <>{props.from ?? props.t('mail.office.noSender')}</>;
}

export function SubjectLink(props: { t: Translate; id: number; subject: string | null }) {
  return <a href={mailHref(props.id)}>{props.subject?.trim() ? props.subject : props.t('mail.office.noSubject')}</a>;
}

/** A refused action's message, at the top of the page its form was on. */
export function RefusalAlert(props: { refusal: MailRefusal | null | undefined }) {
  return props.refusal ? (
    <p class="error-text" role="alert">
      {props.refusal.text}
    </p>
  ) : null;
}

export function AssignForm(props: { ctx: OfficeContext; id: number; choices: ConsultationChoice[]; back: string; compact?: boolean; refusal?: MailRefusal | null }) {
  const { ctx } = props;
  const { t } = ctx;
  const selectId = `assign-${props.id}`;
  // A refused choice is shown next to this form's field, and kept selected.
  const mine = props.refusal?.messageId === props.id ? props.refusal : null;
  const error = mine?.field === 'consultation' ? mine.text : undefined;
  return (
    <form method="post" action={`/office/mail/${props.id}/assign`} class={props.compact ? 'mail-assign mail-assign-compact' : 'mail-assign'}>
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <label for={selectId} class={props.compact ? 'visually-hidden' : undefined}>
        {t('mail.office.assign.label')}
      </label>
      <FieldError id={selectId} error={error} />
      <select id={selectId} name="consultation" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${selectId}-error` : undefined}>
        <option value="">{t('mail.office.assign.choose')}</option>
        {props.choices.map((choice) => (
          <option value={String(choice.id)} selected={mine?.consultation === String(choice.id)}>
            {choice.title}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-small">
        {t('mail.office.assign.submit')}
      </button>
    </form>
  );
}

/** A confirm or reject button for one proposal: htmx swaps the list, without it the page reloads. */
export function ProposalForm(props: { ctx: OfficeContext; id: number; unit: string; action: 'confirm' | 'reject'; back: string }) {
  const { ctx } = props;
  const { t } = ctx;
  const url = `/office/mail/${props.id}/${props.action}-unit`;
  const swap = props.back.startsWith('/office/mail?');
  return (
    <form method="post" action={url} class="inline-form" hx-post={swap ? url : undefined} hx-target={swap ? '#mail-list' : undefined} hx-swap={swap ? 'outerHTML' : undefined}>
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <button
        type="submit"
        class={props.action === 'confirm' ? 'button button-small button-primary' : 'button button-small'}
        aria-label={t(props.action === 'confirm' ? 'mail.office.proposed.confirmLabel' : 'mail.office.proposed.rejectLabel', { unit: props.unit })}
      >
        {t(props.action === 'confirm' ? 'mail.office.proposed.confirm' : 'mail.office.proposed.reject')}
      </button>
    </form>
  );
}

export function NotSpamForm(props: { ctx: OfficeContext; id: number; back: string }) {
  const { ctx } = props;
  return (
    <form method="post" action={`/office/mail/${props.id}/not-spam`} class="inline-form">
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="button button-small">
        {ctx.t('mail.office.notSpam.submit')}
      </button>
    </form>
  );
}

/** The outcome, consultation, unit, timing and comments of one message. */
export function Understood(props: { t: Translate; m: MailSummary; headingLevel: 2 | 3 }) {
  const { t, m } = props;
  const CommentsHeading = props.headingLevel === 2 ? 'h3' : 'h4';
  return (
    <>
      <dl class="facts">
        <div>
          <dt>{t('mail.office.detail.outcome')}</dt>
          <dd>
            <span class={`mail-outcome mail-outcome-${m.state === 'received' ? 'received' : (m.outcome ?? 'received')}`}>{outcomeLabel(t, m.state, m.outcome)}</span>
          </dd>
        </div>
        {m.reason ? (
          <div>
            <dt>{t('mail.office.detail.reason')}</dt>
            <dd>{m.reason}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('mail.office.detail.consultation')}</dt>
          <dd>
            {m.consultation ? (
              <a href={`/office/consultations/${encodeURIComponent(m.consultation.slug)}`}>{m.consultation.title}</a>
            ) : (
              t('mail.office.detail.noConsultation')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('mail.office.detail.unit')}</dt>
          <dd>
            {m.unit ? (
              <>
                <strong>{m.unit}</strong>
                {m.unitBy === 'invitation' ? <span class="hint"> {t('mail.office.detail.byInvitation')}</span> : m.unitBy === 'officer' ? <span class="hint"> {t('mail.office.detail.byOfficer')}</span> : null}
              </>
            ) : m.proposal ? (
              <span class="proposed-unit">{t('mail.office.detail.proposed', { as: m.proposal.signedAs ?? m.proposal.name, name: m.proposal.name })}</span>
            ) : (
              t('mail.office.detail.noUnit')
            )}
            {m.ambiguity ? <p class="hint">{t('mail.office.detail.ambiguous', { name: m.ambiguity.name, list: m.ambiguity.candidates.join(t('mail.list.separator')) })}</p> : null}
            {m.unitHint ? <p class="hint">{t('mail.office.detail.unitHint', { name: m.unitHint })}</p> : null}
            {m.noObjectionOnRest && m.outcome === 'comments' ? <p>{t('mail.office.detail.restNoObjection')}</p> : null}
          </dd>
        </div>
        <div>
          <dt>{t('mail.office.detail.sentAt')}</dt>
          <dd>{m.sentAt ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('mail.office.detail.late')}</dt>
          <dd>{m.late ? <strong class="late-flag">{t('mail.office.detail.lateYes')}</strong> : t('mail.office.detail.lateNo')}</dd>
        </div>
        {m.notSpamAt ? (
          <div>
            <dt>{t('mail.office.outcome.spam')}</dt>
            <dd>{t('mail.office.detail.notSpamMarked', { at: m.notSpamAt })}</dd>
          </div>
        ) : null}
      </dl>
      <CommentsHeading>{t('mail.office.detail.comments', { count: m.comments.length })}</CommentsHeading>
      {m.comments.length === 0 ? (
        <p>{t('mail.office.detail.noComments')}</p>
      ) : (
        <ol class="mail-comments">
          {m.comments.map((comment) => (
            <li>
              <p class="mail-comment-meta">
                <strong>{comment.paragraph ?? t('mail.office.detail.general')}</strong>
                <span>
                  {t('mail.office.detail.tracking')} <code>{comment.trackingNumber}</code>
                </span>
                <span>{t(`status.${comment.status}`)}</span>
                {comment.late ? <span class="late-flag">{t('mail.office.detail.lateYes')}</span> : null}
                {comment.source ? <span class="hint">{comment.source}</span> : null}
              </p>
              <p class="mail-comment-body">{comment.body}</p>
              {comment.href ? <a href={comment.href}>{t('mail.office.detail.openComment')}</a> : null}
            </li>
          ))}
        </ol>
      )}
      {m.consultation && m.comments.length ? (
        <p>
          <a href={`/office/consultations/${encodeURIComponent(m.consultation.slug)}/comments`}>{t('mail.office.detail.queue')}</a>
        </p>
      ) : null}
    </>
  );
}
