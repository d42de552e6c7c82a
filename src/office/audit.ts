// The office's audit entries: written in the same batch as the change they record.
import type { CompiledQuery, Kysely } from 'kysely';
import { type AuditInput, auditQuery } from '../auth/audit.ts';
import { clientIp } from '../auth/office.ts';
import type { Database } from '../db/schema.ts';
import type { AppContext } from '../http/context.ts';

export function officeAudit(db: Kysely<Database>, c: AppContext, officerId: number, consultationId: number, action: string, detail: Record<string, unknown>, now: Date): CompiledQuery {
  return auditQuery(db, { officerId, action, consultationId, targetType: 'consultation', targetId: consultationId, detail, ip: clientIp(c) }, now);
}

/** For a consultation created in the same batch, whose id is not known yet: found by its slug. */
export function auditBySlugQuery(db: Kysely<Database>, slug: string, entry: Omit<AuditInput, 'consultationId'>, now: Date): CompiledQuery {
  const id = db.selectFrom('consultations').select('id').where('slug', '=', slug);
  return db
    .insertInto('audit_log')
    .values({
      officer_id: entry.officerId,
      action: entry.action,
      consultation_id: id,
      target_type: 'consultation',
      target_id: id,
      detail_json: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip ?? null,
      at: now.toISOString(),
    })
    .compile();
}
