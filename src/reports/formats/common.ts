// What every format shares: pieces of output in batches, the table's columns, and the overview as
// label/value lines.
import { formatDate, formatDateTime } from '../../lib/time.ts';
import { CHANNEL_KEYS, DECISIONS, type Report, type ReportOverview } from '../build.ts';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'docx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

/** The tables people read list a group of near-duplicates once; the data formats list every comment. */
export function collapsesDuplicates(format: ReportFormat): boolean {
  return format === 'xlsx' || format === 'docx' || format === 'html';
}

/**
 * What a writer yields: pieces of the file in order. Strings are UTF-8 encoded on the way out.
 * A writer is asked for its next piece only when the previous one has been taken (see
 * `reportStream`), so it never runs ahead of the reader.
 */
export type ReportPieces = AsyncIterable<string | Uint8Array>;

/** Collects small strings into pieces of about 64 KB: handing on one piece per row would cost more than the row. */
export class TextBatch {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly limit = 64 * 1024) {}

  /** Adds text; returns a full batch to hand on, or null while there is room. */
  add(text: string): string | null {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= this.limit ? this.take() : null;
  }

  /** Whatever is collected (possibly empty). */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return text;
  }
}

/** The six columns the office files, then the ones that help it find a comment again. */
export function tableHeaders(report: Report): { main: string[]; extra: string[] } {
  const { t } = report;
  return {
    main: [t('reports.col.index'), t('reports.col.clause'), t('reports.col.submitter'), t('reports.col.body'), t('reports.col.decision'), t('reports.col.reason')],
    extra: [t('reports.col.trackingNumber'), t('reports.col.channel'), t('reports.col.receivedAt'), t('reports.col.late'), t('reports.col.status')],
  };
}

export interface OverviewSection {
  title: string;
  headers: [string, string];
  rows: [string, number | string][];
}

export function windowText(report: Report): string {
  const { t, locale } = report;
  const w = report.overview.window;
  if (!w.opensAt || !w.closesAt) return '—';
  const text = t('reports.ov.windowValue', { opens: formatDateTime(w.opensAt, locale), closes: formatDateTime(w.closesAt, locale) });
  return w.closedEarlyAt ? `${text}${t('reports.ov.closedEarly', { at: formatDateTime(w.closedEarlyAt, locale) })}` : text;
}

/** The overview in prose, as the report's opening paragraph. */
export function overviewParagraphs(report: Report): string[] {
  const { t, overview: o } = report;
  const offline = o.byChannel.letter + o.byChannel.phone + o.byChannel.meeting + o.byChannel.other;
  const paragraphs = [
    t('reports.ov.summary', {
      title: o.consultation.title,
      window: windowText(report),
      total: o.totals.comments,
      onTime: o.totals.onTime,
      late: o.totals.late,
      web: o.byChannel.web,
      email: o.byChannel.email,
      offline,
      asked: o.units.asked,
      replied: o.units.replied,
      noComments: o.units.noComments,
      notReplied: o.units.notReplied,
      adopted: o.decisions.adopted,
      partly: o.decisions.partly_adopted,
      notAdopted: o.decisions.not_adopted,
      explained: o.decisions.explained,
      undecided: o.decisions.undecided,
    }),
  ];
  const notes: string[] = [];
  if (o.duplicates.groups > 0 && o.tableRows < o.totals.comments) notes.push(t('reports.ov.duplicatesNote', o.duplicates));
  if (o.totals.spamExcluded > 0) notes.push(t('reports.ov.spamNote', { count: o.totals.spamExcluded }));
  if (o.totals.notOpinionExcluded > 0) notes.push(t('reports.ov.notOpinionNote', { count: o.totals.notOpinionExcluded }));
  if (notes.length) paragraphs.push(notes.join(''));
  return paragraphs;
}

/**
 * The 落款: the drafting office (the consultation's 起草单位, set in its settings and prefilled
 * from the notice) and the date the report was made, as a filed report ends.
 */
export function signOff(report: Report): { office: string | null; date: string } {
  const o = report.overview;
  return { office: o.consultation.issuer?.trim() || null, date: formatDate(o.generatedAt, report.locale) };
}

/**
 * The overview as small two-column tables: totals, channels, units, paragraphs, decisions. Every
 * value is a count (the window is a sentence, said above the tables), so the second column stays
 * narrow and the first has the width.
 */
export function overviewSections(report: Report): OverviewSection[] {
  const { t, overview: o } = report;
  const item = t('reports.col.item');
  const value = t('reports.col.value');
  const count = t('reports.col.count');
  return [
    {
      title: t('reports.section.overviewSheet'),
      headers: [item, value],
      rows: [
        [t('reports.ov.total'), o.totals.comments],
        [t('reports.ov.onTime'), o.totals.onTime],
        [t('reports.ov.late'), o.totals.late],
        [t('reports.ov.published'), o.totals.published],
        [t('reports.ov.pending'), o.totals.pending],
        [t('reports.ov.hidden'), o.totals.hidden],
        [t('reports.ov.spam'), o.totals.spamExcluded],
        [t('reports.ov.notOpinion'), o.totals.notOpinionExcluded],
        [t('reports.ov.fromPublic'), o.fromPublic],
        [t('reports.ov.fromUnits'), o.fromUnits],
        [t('reports.ov.unitsAsked'), o.units.asked],
        [t('reports.ov.unitsReplied'), o.units.replied],
        [t('reports.ov.unitsNoComments'), o.units.noComments],
        [t('reports.ov.unitsNotReplied'), o.units.notReplied],
        [t('reports.ov.duplicateGroups'), o.duplicates.groups],
        [t('reports.ov.duplicateComments'), o.duplicates.comments],
      ],
    },
    { title: t('reports.ov.byChannel'), headers: [t('reports.col.channel'), count], rows: CHANNEL_KEYS.map((k) => [t(`reports.channel.${k}`), o.byChannel[k]]) },
    {
      title: t('reports.ov.decisions'),
      headers: [t('reports.col.decision'), count],
      rows: [...DECISIONS, 'undecided' as const].map((k) => [t(`reports.decision.${k}`), o.decisions[k]]),
    },
    {
      title: t('reports.ov.byUnit'),
      headers: [t('reports.col.unit'), count],
      rows: o.byUnit.map((u) => {
        const role = t(u.role ? `reports.role.${u.role}` : 'reports.role.outside');
        const status = t(`reports.unit.${u.status}`);
        return [t('reports.ov.unitLine', { name: u.name, role, status }), u.comments];
      }),
    },
    { title: t('reports.ov.byParagraph'), headers: [t('reports.col.clause'), count], rows: o.byParagraph.map((p) => [p.caption, p.comments]) },
  ];
}

export function receivedText(report: Report, iso: string): string {
  return formatDateTime(iso, report.locale);
}

export type { ReportOverview };
