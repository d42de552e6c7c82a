// From the auth module's rows to what the pages show.
import type { Officer } from '../db/schema.ts';
import type { Locale } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/time.ts';
import type { AccountView, AuditEntryView } from '../../views/office/models.ts';
import type { AuditRow } from './audit.ts';

export function presentAuditEntries(rows: AuditRow[], locale: Locale): AuditEntryView[] {
  return rows.map((e) => ({
    at: formatDateTime(e.at, locale),
    officerEmail: e.officer_email,
    action: e.action,
    consultationTitle: e.consultation_title,
    detail: e.detail_json === '{}' ? '' : e.detail_json,
    ip: e.ip,
  }));
}

export function presentAccounts(officers: Officer[]): AccountView[] {
  return officers.map((o) => ({ id: o.id, email: o.email, name: o.name, role: o.role, disabled: Boolean(o.disabled_at) }));
}
