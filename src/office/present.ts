// From a consultation's rows to what the office's pages show: its head (title, phase, version),
// the list, the overview, the settings form, the structure editor and the roster.
import { listAuditEntries } from '../auth/audit.ts';
import { presentAuditEntries } from '../auth/present.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import { collectDraftUnits } from '../departments/units.ts';
import { listRoster } from '../departments/roster.ts';
import { loadRevision } from '../drafts/revision.ts';
import { consultationMeta, consultationReport, findWorkingVersion, listBlocks, listVersionBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { firstWords } from '../lib/text.ts';
import { formatDateTime, toBeijingLocalInput } from '../lib/time.ts';
import { importEntryText } from '../lib/messages/import.ts';
import { intakeAddress } from '../mail/addresses.ts';
import type {
  ConsultationHead,
  ConsultationListRow,
  ImportReportView,
  OverviewView,
  RosterView,
  SettingsValues,
  StructureBlockView,
  StructureView,
  WindowCheckView,
} from '../../views/office/models.ts';
import type { OfficeConsultationRow } from './store.ts';
import { blocksToOutline, countConsultationComments, countRosterEntries } from './store.ts';
import { presentRevision } from './present-versions.ts';
import { outlineStats } from './structure.ts';
import { checkWindowLength, type WindowCheck } from './window-rules.ts';

/** Where the page is rendered: the moment, the reader's language and the intake domain. */
export interface PresentContext {
  now: Date;
  locale: Locale;
  t: Translate;
  mailDomain: string;
}

export function presentHead(row: Consultation, now: Date): ConsultationHead {
  return { slug: row.slug, title: row.title, phase: consultationWindow(row).phase(now), state: row.state, version: row.version };
}

export function presentListRows(rows: OfficeConsultationRow[], now: Date, locale: Locale): ConsultationListRow[] {
  const list = rows.map((row) => {
    const window = consultationWindow(row);
    return {
      slug: row.slug,
      title: row.title,
      phase: window.phase(now),
      opens: window.opensAt ? formatDateTime(window.opensAt, locale) : null,
      closes: window.closesAt ? formatDateTime(window.closedEarlyAt ?? window.closesAt, locale) : null,
      pending: row.pending_count,
      total: row.total_count,
      sortKey: row.closes_at ?? '',
    };
  });
  // Closing soonest first; finished ones most recent first.
  list.sort((a, b) => (a.phase === 'closed' ? b.sortKey.localeCompare(a.sortKey) : a.sortKey.localeCompare(b.sortKey)));
  return list;
}

export function presentWindowCheck(check: WindowCheck | null): WindowCheckView | null {
  return check ? { kind: check.kind, actual: check.actual, minimum: check.minimum, short: check.short } : null;
}

/** The window as stored, checked against the usual minimum. */
export function storedWindowCheck(row: Consultation): WindowCheckView | null {
  return presentWindowCheck(row.opens_at && row.closes_at ? checkWindowLength(row.document_kind, new Date(row.opens_at), new Date(row.closes_at)) : null);
}

function noticeDates(row: Pick<Consultation, 'meta_json'>): { published: string | null; deadline: string | null } {
  const meta = consultationMeta(row);
  return { published: meta.publishedDate ?? null, deadline: meta.deadline ?? null };
}

/** The notice's own dates as one line for the settings page; null when it gave none. */
export function noticeDatesLine(row: Consultation, t: Translate): string | null {
  const d = noticeDates(row);
  const parts = [d.published ? t('office.report.published', { date: d.published }) : null, d.deadline ? t('office.report.deadline', { date: d.deadline }) : null].filter(Boolean);
  return parts.length ? parts.join('；') : null;
}

/** The import report of the consultation's text, or of a version's (the same two columns). */
export function presentImportReport(row: Pick<Consultation, 'meta_json' | 'import_report_json'>, t: Translate): ImportReportView {
  const report = consultationReport(row);
  return {
    // The importer gives codes and params; they are worded here in the reader's language.
    warnings: report.warnings.map((w) => ({ line: w.line, message: importEntryText(t, 'warning', w) })),
    setAside: report.setAside.map((s) => ({ line: s.line, text: s.text, message: importEntryText(t, 'setAside', s) })),
    glossesRemoved: report.glossesRemoved,
    noticeDates: noticeDates(row),
  };
}

export async function presentOverview(db: AppDatabase, row: Consultation, at: PresentContext): Promise<OverviewView> {
  const { locale } = at;
  const window = consultationWindow(row);
  const [counts, rosterCount, audit, blocks] = await Promise.all([
    countConsultationComments(db, row.id),
    countRosterEntries(db, row.id),
    listAuditEntries(db, { consultationId: row.id, limit: 50 }),
    listBlocks(db, row.id),
  ]);
  return {
    ...presentHead(row, at.now),
    opens: window.opensAt ? formatDateTime(window.opensAt, locale) : null,
    closes: window.closesAt ? formatDateTime(window.closesAt, locale) : null,
    closesInput: row.closes_at ? toBeijingLocalInput(row.closes_at) : '',
    extensionReason: row.extension_reason,
    closedEarlyAt: window.closedEarlyAt ? formatDateTime(window.closedEarlyAt, locale) : null,
    closedEarlyReason: row.closed_early_reason,
    moderation: row.moderation,
    requireName: row.require_name === 1,
    documentKind: row.document_kind,
    intakeAddress: intakeAddress(row, at.mailDomain),
    counts: { total: counts.total, ...counts.byStatus, ...counts.byChannel, late: counts.late, notOpinion: counts.notOpinion },
    rosterCount,
    stats: outlineStats(blocksToOutline(blocks)),
    windowCheck: storedWindowCheck(row),
    report: presentImportReport(row, at.t),
    audit: presentAuditEntries(audit, locale),
  };
}

/** The settings form filled from the stored row. */
export function settingsValues(row: Consultation): SettingsValues {
  return {
    title: row.title,
    issuer: row.issuer ?? '',
    opens: row.opens_at ? toBeijingLocalInput(row.opens_at) : '',
    closes: row.closes_at ? toBeijingLocalInput(row.closes_at) : '',
    moderation: row.moderation,
    requireName: row.require_name === 1,
    documentKind: row.document_kind,
    intakeLocal: row.intake_local ?? '',
    reminderDays: String(row.reminder_days),
    contactPerson: row.contact_person ?? '',
    contactPhone: row.contact_phone ?? '',
    contactEmail: row.contact_email ?? '',
  };
}

export async function presentStructure(
  db: AppDatabase,
  row: Consultation,
  at: { now: Date; t: Translate; locale: Locale; canEdit: boolean; noteError?: { key: string; message: string } | null },
): Promise<StructureView> {
  const { t } = at;
  // The text being prepared (version 1 before publishing, a revision after), else the current one.
  const version = (await findWorkingVersion(db, row.id))!;
  const entries: StructureBlockView[] = blocksToOutline(await listVersionBlocks(db, version.id)).map((e) => ({
    key: e.key,
    depth: e.depth,
    kind: e.kind,
    label: e.label,
    title: e.title,
    text: e.text,
    units: [...e.lead, ...e.support],
    sourceLine: e.sourceLine,
    name: `${e.label ?? ''}${e.title ?? firstWords(e.text, 12)}`,
  }));
  const readOnlyReason = version.state !== 'draft' ? t('office.structure.readOnly') : !at.canEdit ? t('office.structure.readOnlyModerator') : null;
  const revision = version.number > 1 ? await loadRevision(db, version) : null;
  return {
    ...presentHead(row, at.now),
    editable: readOnlyReason === null,
    readOnlyReason,
    entries,
    report: presentImportReport(version.id === row.current_version_id ? row : version, t),
    versionNumber: version.number,
    revision: revision ? await presentRevision(db, revision, { t, locale: at.locale, canNote: at.canEdit, error: at.noteError ?? null }) : null,
  };
}

export async function presentRoster(db: AppDatabase, row: Consultation, at: PresentContext): Promise<RosterView> {
  const rows = await listRoster(db, row.id);
  const draft = row.state === 'draft' ? collectDraftUnits(await listBlocks(db, row.id)) : null;
  return {
    ...presentHead(row, at.now),
    rows: rows.map((r) => ({
      unitId: r.unitId,
      name: r.name,
      role: r.role,
      status: r.status,
      commentCount: r.commentCount,
      addresses: r.addresses,
      invitedAt: r.invitedAt ? formatDateTime(r.invitedAt, at.locale) : null,
      invitedTo: r.invitedAddresses,
    })),
    draftUnits: draft?.units.map((u) => ({ name: u.name, role: u.role })) ?? [],
    collective: [...new Set(draft?.collective.map((e) => e.name) ?? [])],
    intakeAddress: intakeAddress(row, at.mailDomain),
  };
}
