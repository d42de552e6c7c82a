// From the auth module's rows to what the pages show: accounts, and the audit log in words.
import type { Officer } from '../db/schema.ts';
import { hasMessage, type Locale, type MessageKey, type Translate, translator } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/time.ts';
import type { AccountView, AuditEntryView } from '../../views/office/models.ts';
import type { AuditRow } from './audit.ts';

export function presentAuditEntries(rows: AuditRow[], locale: Locale): AuditEntryView[] {
  const t = translator(locale);
  return rows.map((e) => {
    const words = describeAuditEntry(e, t, locale);
    return {
      at: formatDateTime(e.at, locale),
      officerEmail: e.officer_email,
      action: words.action,
      consultationTitle: e.consultation_title,
      detail: words.detail,
      ip: e.ip,
    };
  });
}

type Detail = Record<string, unknown>;

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value as a reader reads it: instants in Beijing time, empty as 「空」. */
function valueText(value: unknown, t: Translate, locale: Locale): string {
  if (value === null || value === undefined || value === '') return t('audit.detail.empty');
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatDateTime(value, locale);
  if (Array.isArray(value)) return value.map((v) => valueText(v, t, locale)).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** 「3 条意见、1 组相同或近似意见」: what an action on chosen comments was for. */
function selectionText(d: Detail, t: Translate): string {
  const parts: string[] = [];
  if (count(d.ids)) parts.push(t('audit.detail.comments', { count: count(d.ids) }));
  if (count(d.groups)) parts.push(t('audit.detail.groups', { count: count(d.groups) }));
  return parts.join(t('audit.detail.separator'));
}

/** The settings form's fields, by the column each changes. */
const SETTING_FIELDS: Record<string, MessageKey> = {
  title: 'office.settings.titleField',
  issuer: 'office.settings.issuer',
  opens_at: 'office.settings.opens',
  closes_at: 'office.settings.closes',
  moderation: 'office.settings.moderation',
  require_name: 'office.settings.requireName',
  document_kind: 'office.settings.documentKind',
  intake_local: 'office.settings.intake',
  reminder_days: 'office.settings.reminderDays',
  contact_person: 'office.settings.contactPerson',
  contact_phone: 'office.settings.contactPhone',
  contact_email: 'office.settings.contactEmail',
};

function settingValue(field: string, value: unknown, t: Translate, locale: Locale): string {
  if (field === 'moderation' && (value === 'pre' || value === 'post')) return t(`audit.value.moderation.${value}`);
  if (field === 'document_kind' && (value === 'rule' || value === 'other')) return t(`audit.value.kind.${value}`);
  if (field === 'require_name') return t(value ? 'audit.value.yes' : 'audit.value.no');
  return valueText(value, t, locale);
}

function settingsText(d: Detail, t: Translate, locale: Locale): string {
  const changed = (d.changed ?? {}) as Record<string, [unknown, unknown]>;
  const list = Object.entries(changed).map(([field, [before, after]]) =>
    t('audit.detail.change', {
      field: SETTING_FIELDS[field] ? t(SETTING_FIELDS[field]) : field,
      before: settingValue(field, before, t, locale),
      after: settingValue(field, after, t, locale),
    }),
  );
  const sentence = list.length ? t('audit.detail.settings', { list: list.join('；') }) : t('audit.detail.settingsNone');
  return d.windowShortConfirmed ? `${sentence}；${t('audit.detail.windowConfirmed')}` : sentence;
}

/** An action nobody has worded yet: its detail as `name: value` pairs, never raw JSON. */
function plainPairs(d: Detail, t: Translate, locale: Locale): string {
  return Object.entries(d)
    .map(([name, value]) => t('audit.detail.pair', { name, value: valueText(value, t, locale) }))
    .join('；');
}

/** What an entry of the audit log says: the action's name and its detail, in the reader's language. */
export function describeAuditEntry(row: Pick<AuditRow, 'action' | 'detail_json'>, t: Translate, locale: Locale): { action: string; detail: string } {
  let d: Detail = {};
  try {
    const parsed: unknown = JSON.parse(row.detail_json || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) d = parsed as Detail;
  } catch {
    // A detail that is not JSON is shown as it was stored.
    return { action: row.action, detail: row.detail_json };
  }
  const actionKey = `audit.action.${row.action}`;
  const action = hasMessage(actionKey) ? t(actionKey) : row.action;
  const time = (value: unknown) => (typeof value === 'string' ? formatDateTime(value, locale) : '—');
  const span = (n: unknown, unit: unknown) => t(unit === 'workingDays' ? 'audit.detail.workingDays' : 'audit.detail.days', { count: text(n) });
  let detail: string;
  switch (row.action) {
    case 'login':
    case 'logout':
    case 'change-password':
    case 'not-spam-mail':
      detail = Object.keys(d).length ? plainPairs(d, t, locale) : '';
      break;
    case 'create-account':
    case 'reset-password':
    case 'disable-account':
    case 'enable-account': {
      const role = typeof d.role === 'string' && hasMessage(`auth.role.${d.role}`) ? t(`auth.role.${d.role}` as MessageKey) : '';
      detail = t('audit.detail.account', { email: text(d.email), role, via: d.via === 'cli' ? t('audit.detail.viaCli') : '' });
      break;
    }
    case 'create':
      detail = t('audit.detail.create', { title: text(d.title), slug: text(d.slug), blocks: text(d.blocks), setAside: Number(d.setAside ?? 0) || '', fileName: text(d.fileName) });
      break;
    case 'publish':
      detail =
        t('audit.detail.publish', { opens: time(d.opensAt), closes: time(d.closesAt), rosterAdded: text(d.rosterAdded ?? 0) }) +
        (d.windowShort && d.confirmed ? t('audit.detail.publishShort', { actual: span(d.actual, d.unit), minimum: span(d.minimum, d.unit) }) : '');
      break;
    case 'extend':
      detail = t('audit.detail.extend', { from: time(d.from), to: time(d.to), reason: text(d.reason) });
      break;
    case 'close':
      detail = t('audit.detail.close', { at: time(d.closedAt), closes: time(d.closesAt), reason: text(d.reason) });
      break;
    case 'settings':
      detail = settingsText(d, t, locale);
      break;
    case 'correct-structure': {
      const structureKey = `audit.structure.${text(d.action)}`;
      const where = d.key !== undefined ? text(d.key) : d.line !== undefined ? t('audit.detail.structureLine', { line: text(d.line) }) : d.depth !== undefined ? t('audit.detail.structureLevel', { depth: text(d.depth) }) : '';
      detail = t('audit.detail.structure', { action: hasMessage(structureKey) ? t(structureKey) : text(d.action), where, blocks: text(d.blocks) });
      break;
    }
    case 'roster-add':
    case 'roster-addresses':
    case 'roster-remove':
      detail = t('audit.detail.unit', { name: text(d.name), addresses: Array.isArray(d.addresses) ? d.addresses.join('、') : '' });
      break;
    case 'invite': {
      const units = Array.isArray(d.units) ? d.units.map(text) : [];
      const without = Array.isArray(d.withoutAddress) ? d.withoutAddress.map(text) : [];
      detail = t('audit.detail.invite', { count: units.length, units: units.join('、'), without: without.join('、') });
      break;
    }
    case 'moderate': {
      const status = typeof d.status === 'string' && hasMessage(`review.status.${d.status}`) ? t(`review.status.${d.status}` as MessageKey) : text(d.status);
      detail = t('audit.detail.moderate', { what: selectionText(d, t), status, reason: text(d.reason) });
      break;
    }
    case 'decide': {
      const decision = typeof d.decision === 'string' && hasMessage(`review.decision.${d.decision}`) ? t(`review.decision.${d.decision}` as MessageKey) : text(d.decision);
      detail = t('audit.detail.decide', { what: selectionText(d, t), decision, reason: text(d.reason) });
      break;
    }
    case 'not-opinion':
    case 'restore-opinion':
      detail = t('audit.detail.notOpinion', { what: selectionText(d, t), reason: text(d.reason) });
      break;
    case 'enter-comment': {
      const kind = typeof d.kind === 'string' && hasMessage(`review.kind.${d.kind}`) ? t(`review.kind.${d.kind}` as MessageKey) : text(d.kind);
      detail = t('audit.detail.enterComment', { number: text(d.trackingNumber), kind });
      break;
    }
    case 'export': {
      const grouping = `audit.detail.grouping.${text(d.grouping) || 'none'}`;
      detail = t('audit.detail.export', { format: text(d.format).toUpperCase(), grouping: hasMessage(grouping) ? t(grouping) : text(d.grouping), comments: text(d.comments) });
      break;
    }
    case 'publish-results':
      detail = t('audit.detail.results', { statement: text(d.statement) });
      break;
    case 'assign-mail':
      detail = t('audit.detail.assignMail', { consultation: text(d.consultation) });
      break;
    case 'retry-mail':
      detail = t('audit.detail.retryMail', { to: text(d.to) });
      break;
    case 'upload-mail':
      detail = t('audit.detail.uploadMail', { filename: text(d.filename), size: text(d.size) });
      break;
    default:
      detail = plainPairs(d, t, locale);
  }
  return { action, detail };
}

export function presentAccounts(officers: Officer[]): AccountView[] {
  return officers.map((o) => ({ id: o.id, email: o.email, name: o.name, role: o.role, disabled: Boolean(o.disabled_at) }));
}
