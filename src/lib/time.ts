// Instants are stored as ISO 8601 UTC strings and shown in Beijing time, whatever the server's zone.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

interface BeijingParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function beijingParts(instant: Date): BeijingParts {
  // China has had no daylight saving since 1991: a fixed offset is exact and needs no ICU data.
  const shifted = new Date(instant.getTime() + BEIJING_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type Locale = 'zh-CN' | 'en';

/** 2026年12月1日 23:59 / 1 Dec 2026, 23:59 */
export function formatDateTime(instant: Date | string, locale: Locale): string {
  const p = beijingParts(typeof instant === 'string' ? new Date(instant) : instant);
  if (locale === 'en') return `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}, ${pad(p.hour)}:${pad(p.minute)}`;
  return `${p.year}年${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** 2026年12月1日 / 1 Dec 2026 */
export function formatDate(instant: Date | string, locale: Locale): string {
  const p = beijingParts(typeof instant === 'string' ? new Date(instant) : instant);
  if (locale === 'en') return `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
  return `${p.year}年${p.month}月${p.day}日`;
}

/** Calendar days between two instants as a Beijing reader counts them (today = 0). */
export function beijingDayDifference(from: Date, to: Date): number {
  const day = (d: Date) => Math.floor((d.getTime() + BEIJING_OFFSET_MS) / 86_400_000);
  return day(to) - day(from);
}

/** Parses "2026-12-01" as the start of that day in Beijing, or any ISO instant as given. */
export function parseBeijingDate(text: string): Date | null {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (dateOnly) return new Date(`${dateOnly[1]}-${dateOnly[2]}-${dateOnly[3]}T00:00:00+08:00`);
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** The last second of a Beijing calendar day: the usual meaning of "截止某日". */
export function endOfBeijingDay(date: string): Date {
  return new Date(`${date}T23:59:59+08:00`);
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 86_400_000);
}

/** Beijing wall-clock time for an <input type="datetime-local"> value. */
export function toBeijingLocalInput(instant: Date | string): string {
  const p = beijingParts(typeof instant === 'string' ? new Date(instant) : instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * "2026-12-01T23:59" as Beijing time, whatever the server's zone. A closing time given to the
 * minute runs to the end of that minute (23:59 accepts until 23:59:59); a date alone means the
 * start of the day when opening and its last second when closing.
 */
export function parseBeijingInput(text: string, edge: 'start' | 'end'): Date | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  let time: string;
  if (h === undefined) time = edge === 'end' ? '23:59:59' : '00:00:00';
  else time = `${h}:${mi}:${s ?? (edge === 'end' ? '59' : '00')}`;
  const instant = new Date(`${y}-${mo}-${d}T${time}+08:00`);
  if (Number.isNaN(instant.getTime())) return null;
  // Reject dates that do not exist (2026-02-31 rolls over silently otherwise).
  const check = new Date(instant.getTime() + 8 * 3600_000);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() + 1 !== Number(mo) || check.getUTCDate() !== Number(d)) return null;
  return instant;
}
