// Officer pages of the reports module: the feedback report (overview and downloads) and the
// results form (statement, figures, publish).
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import type { OfficeContext, PhaseView } from '../shared/context.ts';
import { Csrf, Field } from '../shared/kit.tsx';

/** One table of the overview: a caption, two column headers, label/value rows. */
export interface OverviewSectionView {
  title: string;
  headers: [string, string];
  rows: [string, string | number][];
}

export type DecisionCounts = Record<'adopted' | 'partly_adopted' | 'not_adopted' | 'explained' | 'undecided', number>;

export interface ReportPageProps {
  ctx: OfficeContext;
  slug: string;
  title: string;
  paragraphs: string[];
  sections: OverviewSectionView[];
  grouping: 'none' | 'paragraph' | 'unit';
  formats: { format: string; label: string; href: string; note: string | null }[];
  resultsHref: string;
  phase: PhaseView;
  /** The 落款 as the files end: the drafting office (null: not set yet) and the date. */
  signOff: { office: string | null; date: string };
  settingsHref: string;
}

function Section(props: { section: OverviewSectionView }) {
  const { section } = props;
  if (section.rows.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="data-table report-overview">
        <caption>{section.title}</caption>
        <thead>
          <tr>
            <th scope="col">{section.headers[0]}</th>
            <th scope="col" class="num">
              {section.headers[1]}
            </th>
          </tr>
        </thead>
        <tbody>
          {section.rows.map(([label, value]) => (
            <tr>
              <td>{label}</td>
              <td class="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportPage(props: ReportPageProps) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={{ slug: props.slug, title: props.title }} current="report" heading={t('reports.page.title')} phase={props.phase} wide>
      <p class="muted">{t('reports.title', { title: props.title })}</p>
      <section aria-labelledby="yj-report-downloads" class="report-downloads">
        <h2 id="yj-report-downloads">{t('reports.page.download')}</h2>
        <form method="get" action={`/office/consultations/${props.slug}/report`} class="report-grouping">
          <label for="yj-group">{t('reports.page.grouping')}</label>
          <select id="yj-group" name="group">
            {(['none', 'paragraph', 'unit'] as const).map((g) => (
              <option value={g === 'none' ? '' : g} selected={props.grouping === g}>
                {t(`reports.page.group.${g}`)}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-small">
            {t('reports.page.apply')}
          </button>
        </form>
        <ul class="report-formats">
          {props.formats.map((f) => (
            <li>
              <a class="button" href={f.href} download hx-boost="false">
                {f.label}
              </a>
              {f.note ? <span class="hint"> {f.note}</span> : null}
            </li>
          ))}
        </ul>
        <p class="hint">{t('reports.page.masking')}</p>
      </section>
      <section aria-labelledby="yj-report-overview">
        <h2 id="yj-report-overview">{t('reports.section.overview')}</h2>
        {props.paragraphs.map((p) => (
          <p>{p}</p>
        ))}
        <div class="report-sections">
          {props.sections.map((section) => (
            <Section section={section} />
          ))}
        </div>
        <div class="report-sign-off">
          {props.signOff.office ? <p>{props.signOff.office}</p> : null}
          <p>{props.signOff.date}</p>
        </div>
        {props.signOff.office ? null : (
          <p class="state-note">
            <a href={props.settingsHref}>{t('reports.signOff.missing')}</a>
          </p>
        )}
      </section>
      <p>
        <a href={props.resultsHref}>{t('reports.page.toResults')}</a>
      </p>
    </ConsultationFrame>
  );
}

export interface ResultsFormProps {
  ctx: OfficeContext;
  slug: string;
  title: string;
  statement: string;
  error: string | null;
  /** Why publishing is not possible now, or null. */
  blocked: string | null;
  publishedAt: string | null;
  decisions: DecisionCounts;
  total: number;
  publicComments: number;
  toNotify: number;
  publicHref: string;
  flash: string | null;
  phase: PhaseView;
}

export function ResultsFormPage(props: ResultsFormProps) {
  const { ctx } = props;
  const { t } = ctx;
  const heading = t('reports.form.title');
  const keys = ['adopted', 'partly_adopted', 'not_adopted', 'explained', 'undecided'] as const;
  return (
    <ConsultationFrame ctx={ctx} consultation={{ slug: props.slug, title: props.title }} current="results" heading={heading} phase={props.phase} flash={props.flash}>
      {props.publishedAt ? (
        <p class="flash" role="status">
          {t('reports.form.publishedOn', { date: props.publishedAt })} <a href={props.publicHref}>{t('reports.form.viewPublic')}</a>
        </p>
      ) : null}
      <section aria-labelledby="yj-results-counts">
        <h2 id="yj-results-counts">{t('reports.results.counts')}</h2>
        <div class="table-scroll">
          <table class="data-table report-overview results-figures">
            <thead>
              <tr>
                <th scope="col">{t('reports.col.decision')}</th>
                <th scope="col" class="num">
                  {t('reports.col.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('reports.ov.total')}</th>
                <td class="num">{props.total}</td>
              </tr>
              {keys.map((k) => (
                <tr>
                  <td>{t(`reports.decision.${k}`)}</td>
                  <td class="num">{props.decisions[k]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {props.decisions.undecided > 0 ? <p class="state-note">{t('reports.form.undecidedWarning', { count: props.decisions.undecided })}</p> : null}
        <p>{t('reports.form.publicComments', { count: props.publicComments })}</p>
        <p>{t('reports.form.toNotify', { count: props.toNotify })}</p>
      </section>
      {props.blocked ? (
        <p class="state-note" role="status">
          {props.blocked}
        </p>
      ) : (
        <form method="post" action={`/office/consultations/${props.slug}/results`} class="stack-form results-form">
          <Csrf token={ctx.csrfToken} />
          <Field id="yj-statement" label={t('reports.form.statement')} hint={t('reports.form.statementHint')} error={props.error ?? undefined}>
            {(aria) => (
              <textarea {...aria} name="statement" rows={6} required maxlength={2000}>
                {props.statement}
              </textarea>
            )}
          </Field>
          <button type="submit" class="button button-primary">
            {props.publishedAt ? t('reports.form.republish') : t('reports.form.publish')}
          </button>
        </form>
      )}
    </ConsultationFrame>
  );
}
