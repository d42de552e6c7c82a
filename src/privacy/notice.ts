// The personal-information notice (个人信息告知): what is collected, why, who sees it and how long
// it is kept. The office writes it once for the whole site, in each language; until it does, the
// dictionary's default stands. Shown on the comment form and added to mail acknowledgements.
import type { CompiledQuery } from 'kysely';
import { auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import { type Locale, translator } from '../lib/i18n.ts';

export const DEFAULT_RETENTION_DAYS = 365;
export const NOTICE_MAX = 4000;

const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const settingKey = (locale: Locale) => `privacy_notice.${locale}`;

/** The office's own text in each language, '' where it keeps the default. */
export async function readNoticeTexts(db: AppDatabase): Promise<Record<Locale, string>> {
  const rows = await db.kysely.selectFrom('site_settings').select(['key', 'value']).where('key', 'in', LOCALES.map(settingKey)).execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return { 'zh-CN': byKey.get(settingKey('zh-CN')) ?? '', en: byKey.get(settingKey('en')) ?? '' };
}

export function defaultNotice(locale: Locale, retentionDays: number): string {
  return translator(locale)('privacy.notice.default', { days: retentionDays });
}

/** The notice as commenters read it, one paragraph a line; {days} is the retention period. */
export async function privacyNotice(db: AppDatabase, locale: Locale, retentionDays = DEFAULT_RETENTION_DAYS): Promise<string[]> {
  const row = await db.kysely.selectFrom('site_settings').select('value').where('key', '=', settingKey(locale)).executeTakeFirst();
  const text = row?.value.trim() ? row.value.replaceAll('{days}', String(retentionDays)) : defaultNotice(locale, retentionDays);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export type SaveNoticeOutcome = { ok: true } | { ok: false; code: 'too_long'; field: Locale };

/** An admin's new wording, audited in the same batch; empty text means the default again. */
export async function saveNoticeTexts(
  deps: { db: AppDatabase },
  input: { texts: Record<Locale, string>; officerId: number; ip: string | null },
  now: Date,
): Promise<SaveNoticeOutcome> {
  for (const locale of LOCALES) if ([...input.texts[locale]].length > NOTICE_MAX) return { ok: false, code: 'too_long', field: locale };
  const { kysely } = deps.db;
  const queries: CompiledQuery[] = LOCALES.map((locale) => {
    const value = input.texts[locale].trim();
    if (!value) return kysely.deleteFrom('site_settings').where('key', '=', settingKey(locale)).compile();
    return kysely
      .insertInto('site_settings')
      .values({ key: settingKey(locale), value, updated_at: now.toISOString(), updated_by: input.officerId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString(), updated_by: input.officerId }))
      .compile();
  });
  const detail = Object.fromEntries(LOCALES.map((locale) => [locale, input.texts[locale].trim() ? 'custom' : 'default']));
  queries.push(auditQuery(kysely, { officerId: input.officerId, action: 'edit-privacy-notice', detail, ip: input.ip }, now));
  await deps.db.batch(queries);
  return { ok: true };
}
