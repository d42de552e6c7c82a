// Audit entries as a table: the admins' whole log, and one consultation's on its overview — each
// action and its detail in words (src/auth/present.ts), never the stored JSON.
import type { PageContext } from '../shared/context.ts';
import { type Column, DataTable } from '../shared/kit.tsx';
import type { AuditEntryView } from './models.ts';

export function AuditTable(props: { ctx: PageContext; entries: AuditEntryView[]; showConsultation?: boolean }) {
  const { t } = props.ctx;
  const columns: Column<AuditEntryView>[] = [
    { header: t('auth.audit.when'), cell: (e) => e.at },
    { header: t('auth.audit.who'), cell: (e) => e.officerEmail ?? '—' },
    { header: t('auth.audit.action'), cell: (e) => e.action },
    ...(props.showConsultation ? [{ header: t('auth.audit.consultation'), cell: (e: AuditEntryView) => e.consultationTitle ?? '' }] : []),
    {
      header: t('auth.audit.detail'),
      cell: (e) => (
        <>
          <span class="audit-detail">{e.detail}</span>
          {e.ip ? <span class="hint"> {e.ip}</span> : null}
        </>
      ),
    },
  ];
  return <DataTable columns={columns} rows={props.entries} />;
}
