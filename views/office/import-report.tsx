// The importer's report (what was set aside, what looks wrong, the notice's own dates) on the
// overview and in the structure editor, where each set-aside line can be restored; and the
// sentence that says how long a window is against the usual minimum.
import type { Translate } from '../../src/lib/i18n.ts';
import type { OfficeContext } from '../shared/context.ts';
import { ChangeForm } from './forms.tsx';
import type { ImportReportView, WindowCheckView } from './models.ts';

export function windowCheckText(t: Translate, check: WindowCheckView): string {
  const params = { actual: check.actual, minimum: check.minimum };
  if (check.short) return check.kind === 'rule' ? t('office.window.shortRule', params) : t('office.window.shortOther', params);
  return check.kind === 'rule' ? t('office.window.length.rule', params) : t('office.window.length.other', params);
}

export function ImportReportSection(props: { ctx: OfficeContext; report: ImportReportView; restore?: { action: string; version: number } | null }) {
  const { ctx, report, restore } = props;
  const { t } = ctx;
  return (
    <section class="import-report" aria-labelledby="import-report-heading">
      <h2 id="import-report-heading">{t('office.report.title')}</h2>
      {report.noticeDates.published ? <p>{t('office.report.published', { date: report.noticeDates.published })}</p> : null}
      {report.noticeDates.deadline ? <p>{t('office.report.deadline', { date: report.noticeDates.deadline })}</p> : null}
      <h3>{t('office.report.warnings')}</h3>
      {report.warnings.length === 0 ? (
        <p>{t('office.report.warningsNone')}</p>
      ) : (
        <ul class="report-warnings">
          {report.warnings.map((w) => (
            <li>
              {w.line !== null ? <span class="line-no">{t('office.report.line', { line: w.line })}</span> : null} {w.message}
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
              <span class="line-no">{t('office.report.line', { line: line.line })}</span> <span class="hint">{line.message}</span>
              <br />
              <q class="set-aside-text">{line.text}</q>
              {restore ? (
                <ChangeForm ctx={ctx} action={restore.action} version={restore.version} htmx={{ target: '#structure-editor' }} class="inline-form">
                  <input type="hidden" name="line" value={String(line.line)} />
                  <button type="submit" name="action" value="restore" class="button button-small" aria-label={t('office.report.restoreLabel', { line: line.line })}>
                    {t('office.report.restore')}
                  </button>
                </ChangeForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
