// The 修改对照表 in the office: the revised text against the one before it, row by row, with the
// deletions struck (<del>) and the insertions underlined (<ins>), the comments on each earlier
// block with their decisions and the reason; downloads in every format. Print-friendly: the
// office's frame is left off the printed page (app.css, @media print).
import type { ChangeRowView, ChangesView, MarkedBlockView } from '../office/models.ts';
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import type { OfficeContext } from '../shared/context.ts';

function Marked(props: { block: MarkedBlockView }) {
  return (
    <div class="change-block">
      {props.block.label ? <span class="label">{props.block.label}</span> : null}
      {props.block.pieces.map((p) => (p.op === 'delete' ? <del>{p.text}</del> : p.op === 'insert' ? <ins>{p.text}</ins> : p.text))}
    </div>
  );
}

function Row(props: { ctx: OfficeContext; row: ChangeRowView }) {
  const { ctx, row } = props;
  const { t } = ctx;
  return (
    <tr class={`change-row change-${row.change}`}>
      <td class="num">{row.index}</td>
      <td>{row.before.length ? row.before.map((b) => <Marked block={b} />) : <span class="muted">{t('changes.new')}</span>}</td>
      <td>{row.after.length ? row.after.map((b) => <Marked block={b} />) : <span class="muted">{t('changes.deleted')}</span>}</td>
      <td>
        <span class={`badge change-badge change-${row.change}`}>{row.changeLabel}</span>
        {row.reason ? (
          <p class={row.reasonDrafted ? 'reason reason-drafted' : 'reason'}>
            {row.reason.split('\n').map((line, i) => (
              <>
                {i > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        ) : null}
        {row.comments.length ? (
          <p class="hint">
            {t('changes.col.comments')}：{row.comments.join('、')}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function ChangesPage(props: { ctx: OfficeContext; view: ChangesView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="versions" heading={view.tableTitle} phase={view.phase} wide>
      <div class="changes-page">
        <p class="changes-meta">{view.subtitle}</p>
        {view.versions.length > 1 ? (
          <p class="no-print">
            {view.versions.map((v) => (
              <>
                {v.current ? <strong>{t('office.version.number', { number: v.number })}</strong> : <a href={v.href}>{t('office.version.number', { number: v.number })}</a>}{' '}
              </>
            ))}
          </p>
        ) : null}
        <p class="no-print downloads">
          {view.downloads.map((d) => (
            <>
              <a class="button button-small" href={d.href}>
                {d.label}
              </a>{' '}
            </>
          ))}
        </p>
        <p>
          {view.summary} {t('changes.legend')}
        </p>
        <table class="changes-table">
          <thead>
            <tr>
              <th scope="col">{view.headers.index}</th>
              <th scope="col">{view.headers.before}</th>
              <th scope="col">{view.headers.after}</th>
              <th scope="col">{view.headers.reason}</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <Row ctx={ctx} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </ConsultationFrame>
  );
}
