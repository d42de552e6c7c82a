// The office's list of consultations, grouped by where they stand, with the comments waiting.
import type { OfficeContext, PhaseView } from '../shared/context.ts';
import { type Column, DataTable } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import { canManage, consultationHref } from './consultation-nav.tsx';
import type { ConsultationListRow } from './models.ts';

const GROUPS: PhaseView[] = ['draft', 'open', 'upcoming', 'closed'];

export function ConsultationListPage(props: { ctx: OfficeContext; rows: ConsultationListRow[]; flash: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  const columns: Column<ConsultationListRow>[] = [
    {
      header: t('office.list.col.title'),
      cell: (row) => (
        <>
          <a href={consultationHref(row.slug)}>{row.title}</a>
          <br />
          <code class="slug">{row.slug}</code>
        </>
      ),
    },
    { header: t('office.list.col.window'), cell: (row) => (row.opens && row.closes ? t('window.range', { opens: row.opens, closes: row.closes }) : t('office.list.noWindow')) },
    { header: t('office.list.col.pending'), class: 'numeric', cell: (row) => (row.pending > 0 ? <strong>{row.pending}</strong> : '0') },
    { header: t('office.list.col.total'), class: 'numeric', cell: (row) => row.total },
  ];
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
      {GROUPS.map((phase) => {
        const rows = props.rows.filter((r) => r.phase === phase);
        if (rows.length === 0) return null;
        return (
          <section aria-labelledby={`group-${phase}`}>
            <h2 id={`group-${phase}`}>
              {t(`office.list.group.${phase}`)} <span class="count">({rows.length})</span>
            </h2>
            <DataTable columns={columns} rows={rows} />
          </section>
        );
      })}
    </OfficeLayout>
  );
}
