// One message: its headers, what was understood of it (with the actions an officer can take),
// its clean text and its attachments.
import type { OfficeContext } from '../shared/context.ts';
import { type Column, DataTable } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { MailAttachmentRow, MailDetailView, MailRefusal } from './models.ts';
import { AssignForm, mailHref, NotSpamForm, ProposalForm, RefusalAlert, Sender, Understood } from './pieces.tsx';

export function MailDetailPage(props: { ctx: OfficeContext; m: MailDetailView; flash: string | null; refusal?: MailRefusal | null }) {
  const { ctx, m } = props;
  const { t } = ctx;
  const subject = m.subject?.trim() ? m.subject : t('mail.office.noSubject');
  const back = mailHref(m.id);
  return (
    <OfficeLayout ctx={ctx} title={subject} flash={props.flash}>
      <p class="breadcrumb">
        <a href="/office/mail">{t('mail.office.detail.back')}</a>
      </p>
      <h1 class="mail-subject">{subject}</h1>
      <RefusalAlert refusal={props.refusal} />
      <div class="mail-detail">
        <section aria-labelledby="mail-headers">
          <h2 id="mail-headers">{t('mail.office.detail.headers')}</h2>
          <dl class="facts">
            <div>
              <dt>{t('mail.office.detail.from')}</dt>
              <dd>
                <Sender t={t} from={m.from} />
              </dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.to')}</dt>
              <dd>{m.to.length ? m.to.join('，') : '—'}</dd>
            </div>
            {m.cc.length ? (
              <div>
                <dt>{t('mail.office.detail.cc')}</dt>
                <dd>{m.cc.join('，')}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('mail.office.detail.subject')}</dt>
              <dd>{subject}</dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.received')}</dt>
              <dd>{m.received}</dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.door')}</dt>
              <dd>{t(`mail.office.door.${m.door}`)}</dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.messageId')}</dt>
              <dd>
                <code class="mail-error">{m.messageId ?? '—'}</code>
              </dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.size')}</dt>
              <dd>{m.size}</dd>
            </div>
          </dl>
          <p>
            <a class="button" href={`${mailHref(m.id)}/raw`} download>
              {t('mail.office.detail.raw')}
            </a>
          </p>
        </section>

        <section aria-labelledby="mail-understood">
          <h2 id="mail-understood">{t('mail.office.detail.understood')}</h2>
          <Understood t={t} m={m} headingLevel={2} />
          {m.canAssign || m.isSpam || m.proposal ? (
            <div class="notice-box">
              <h3>{t('mail.office.detail.actions')}</h3>
              {m.proposal ? (
                <div class="proposal-actions">
                  <ProposalForm ctx={ctx} id={m.id} unit={m.proposal.name} action="confirm" back={back} />
                  <ProposalForm ctx={ctx} id={m.id} unit={m.proposal.name} action="reject" back={back} />
                </div>
              ) : null}
              {m.canAssign ? <AssignForm ctx={ctx} id={m.id} choices={m.choices} back={back} refusal={props.refusal} /> : null}
              {m.isSpam ? (
                <>
                  <p>{t('mail.office.spam.intro')}</p>
                  <NotSpamForm ctx={ctx} id={m.id} back={back} />
                </>
              ) : null}
            </div>
          ) : null}
        </section>

        <section aria-labelledby="mail-text">
          <h2 id="mail-text">{t('mail.office.detail.text')}</h2>
          {m.unreadable ? (
            <p class="error-text">{t('mail.office.detail.unreadable', { reason: m.unreadable })}</p>
          ) : (
            <>
              {m.quotedRemoved ? <p class="hint">{t('mail.office.detail.quotedRemoved')}</p> : null}
              <pre class="mail-text">{m.text?.trim() ? m.text : t('mail.office.detail.textEmpty')}</pre>
            </>
          )}
          {m.warnings.length ? (
            <>
              <h3>{t('mail.office.detail.warnings')}</h3>
              <ul>
                {m.warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section aria-labelledby="mail-attachments">
          <h2 id="mail-attachments">{t('mail.office.detail.attachments', { count: m.attachments.length })}</h2>
          <Attachments ctx={ctx} m={m} />
        </section>
      </div>
    </OfficeLayout>
  );
}

function Attachments(props: { ctx: OfficeContext; m: MailDetailView }) {
  const { m } = props;
  const { t } = props.ctx;
  const columns: Column<MailAttachmentRow>[] = [
    { header: t('mail.office.detail.attName'), class: 'mail-from', cell: (a) => a.name },
    { header: t('mail.office.detail.attType'), cell: (a) => <code>{a.type}</code> },
    { header: t('mail.office.detail.attSize'), class: 'numeric nowrap', cell: (a) => a.size },
    { header: t('mail.office.detail.attUse'), cell: (a) => (a.use === 'feedback' ? t('mail.office.detail.attFeedback') : t('mail.office.detail.attKept')) },
    {
      header: <span class="visually-hidden">{t('mail.office.detail.download')}</span>,
      cell: (a) => (
        <a href={`${mailHref(m.id)}/attachments/${a.position}`} download aria-label={t('mail.office.detail.downloadNamed', { name: a.name })}>
          {t('mail.office.detail.download')}
        </a>
      ),
    },
  ];
  return <DataTable class="data-table mail-table" columns={columns} rows={m.attachments} empty={t('mail.office.detail.noAttachments')} />;
}
