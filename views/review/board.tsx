// The department board: each unit on the roster as replied, no comments or not yet, when, and the
// comments it sent; units that wrote without being asked are listed apart.
import type { Translate } from '../../src/lib/i18n.ts';
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import type { BoardStatusView, BoardUnitView, BoardView } from './models.ts';
import { detailHref, LateBadge } from './parts.tsx';

function statusText(t: Translate, status: BoardStatusView): string {
  if (status === 'responded') return t('review.units.status.replied');
  return status === 'no_comments' ? t('review.units.status.noComments') : t('review.units.status.notYet');
}

function UnitComments(props: { t: Translate; slug: string; unit: BoardUnitView }) {
  const { t, unit } = props;
  if (unit.commentCount === 0) return <>—</>;
  return (
    <>
      <ul class="board-comments">
        {unit.comments.map((c) => (
          <li>
            <a href={detailHref(props.slug, c.id, unit.queueHref)} class="tracking-number-small">
              {c.trackingNumber}
            </a>{' '}
            <span class="muted">{c.caption ?? t('review.general')}</span>
            {c.late ? <LateBadge t={t} /> : null}
            <span class="board-excerpt">{c.excerpt}</span>
          </li>
        ))}
      </ul>
      <a href={unit.queueHref}>{t('review.units.allComments', { count: unit.commentCount })}</a>
    </>
  );
}

function BoardTable(props: { t: Translate; slug: string; units: BoardUnitView[]; showRole: boolean }) {
  const { t } = props;
  return (
    <div class="table-scroll">
      <table class="data-table board-table">
        <thead>
          <tr>
            <th scope="col">{t('review.units.col.unit')}</th>
            {props.showRole ? <th scope="col">{t('review.units.col.role')}</th> : null}
            <th scope="col">{t('review.units.col.status')}</th>
            <th scope="col">{t('review.units.col.when')}</th>
            <th scope="col">{t('review.units.col.comments')}</th>
          </tr>
        </thead>
        <tbody>
          {props.units.map((u) => (
            <tr class={`board-row board-${u.status}`}>
              <th scope="row" data-label={t('review.units.col.unit')}>
                {u.name}
              </th>
              {props.showRole ? <td data-label={t('review.units.col.role')}>{u.role ? t(`review.units.role.${u.role}`) : ''}</td> : null}
              <td data-label={t('review.units.col.status')}>
                <span class={`badge badge-board-${u.status}`}>{statusText(t, u.status)}</span>
              </td>
              <td data-label={t('review.units.col.when')}>{u.respondedAt ? <time datetime={u.respondedAt.iso}>{u.respondedAt.text}</time> : '—'}</td>
              <td data-label={t('review.units.col.comments')}>
                <UnitComments t={t} slug={props.slug} unit={u} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BoardPage(props: { view: BoardView }) {
  const { view } = props;
  const { ctx, counts, consultation } = view;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={consultation} current="units" heading={t('review.units.title')} phase={consultation.phase} wide>
      {view.roster.length === 0 ? (
        <>
          <p>{t('review.units.none')}</p>
          <p class="hint">{t('review.units.noneHint')}</p>
        </>
      ) : (
        <>
          <ul class="board-counts" aria-label={t('review.units.total', { count: view.roster.length })}>
            <li class="board-count board-responded">{t('review.units.replied', { count: counts.replied })}</li>
            <li class="board-count board-no_comments">{t('review.units.noComments', { count: counts.noComments })}</li>
            <li class="board-count board-none">{t('review.units.notYet', { count: counts.notYet })}</li>
          </ul>
          <p class="muted">{t('review.units.total', { count: view.roster.length })}</p>
          <BoardTable t={t} slug={consultation.slug} units={view.roster} showRole />
        </>
      )}
      {view.others.length ? (
        <>
          <h2>{t('review.units.others')}</h2>
          <p class="hint">{t('review.units.othersHint')}</p>
          <BoardTable t={t} slug={consultation.slug} units={view.others} showRole={false} />
        </>
      ) : null}
    </ConsultationFrame>
  );
}
