// Reading the office's form fields: Beijing wall-clock times from <input type="datetime-local">,
// trimmed text with a length limit. Pure.

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

export function field(form: Record<string, string | File>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Length in characters as a reader counts them (an astral character is one). */
export function length(text: string): number {
  return [...text].length;
}

export const EMAIL = /^[^\s@<>()[\],;:"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
