// How long a consultation usually has to stay open, and how long a given window is, counted the
// way the rules count it: calendar days for rules and regulations (不少于30日), working days for
// other documents (不少于7个工作日). Pure; Beijing calendar days, whatever the server's zone.
//
// Working days are Monday to Friday. Public holidays and the weekend days swapped to make them
// (调休) are not modelled: the State Council announces them each year, and a wrong table would be
// worse than an honest approximation the warning text names.

export type DocumentKind = 'rule' | 'other';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/** Beijing calendar day number (days since 1970-01-01 in Beijing). */
function beijingDay(instant: Date): number {
  return Math.floor((instant.getTime() + BEIJING_OFFSET_MS) / DAY_MS);
}

/**
 * The Beijing calendar days a window covers, both ends included. A window that closes at
 * 00:00 does not reach into that day, so it ends on the day before.
 */
function windowDays(opensAt: Date, closesAt: Date): { first: number; last: number } {
  return { first: beijingDay(opensAt), last: beijingDay(new Date(closesAt.getTime() - 1)) };
}

export function calendarDays(opensAt: Date, closesAt: Date): number {
  const { first, last } = windowDays(opensAt, closesAt);
  return Math.max(0, last - first + 1);
}

export function workingDays(opensAt: Date, closesAt: Date): number {
  const { first, last } = windowDays(opensAt, closesAt);
  let count = 0;
  for (let day = first; day <= last; day++) {
    // Day 0 (1970-01-01) was a Thursday.
    const weekday = (day + 4) % 7; // 0 = Sunday
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

export interface WindowCheck {
  kind: DocumentKind;
  unit: 'days' | 'workingDays';
  minimum: number;
  actual: number;
  short: boolean;
}

export const MINIMUM_DAYS = { rule: 30, other: 7 } as const;

export function checkWindowLength(kind: DocumentKind, opensAt: Date, closesAt: Date): WindowCheck {
  if (kind === 'rule') {
    const actual = calendarDays(opensAt, closesAt);
    return { kind, unit: 'days', minimum: MINIMUM_DAYS.rule, actual, short: actual < MINIMUM_DAYS.rule };
  }
  const actual = workingDays(opensAt, closesAt);
  return { kind, unit: 'workingDays', minimum: MINIMUM_DAYS.other, actual, short: actual < MINIMUM_DAYS.other };
}

/** Titles of rules and normative documents name themselves so; a suggestion the officer can change. */
export function guessDocumentKind(title: string): DocumentKind {
  return /(条例|規定|规定|办法|辦法|细则|細則|规则|規則|规章|規章|规范性文件|規範性文件|实施意见|若干措施|暂行)/.test(title) ? 'rule' : 'other';
}
