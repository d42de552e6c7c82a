// The consultation window as a value: when it opens, when it closes, whether it is open now.
import { beijingDayDifference } from '../lib/time.ts';

export type Phase = 'draft' | 'upcoming' | 'open' | 'closed';

export interface WindowFields {
  state: 'draft' | 'published';
  opens_at: string | null;
  closes_at: string | null;
  closed_early_at: string | null;
}

export interface ConsultationWindow {
  opensAt: Date | null;
  closesAt: Date | null;
  closedEarlyAt: Date | null;
  phase(now: Date): Phase;
  isOpen(now: Date): boolean;
  hasStarted(now: Date): boolean;
  /** Calendar days left in Beijing time: 0 on the closing day. Null unless open. */
  daysLeft(now: Date): number | null;
  /** Milliseconds until the phase can next change, for cache lifetimes. */
  msUntilNextChange(now: Date): number | null;
}

export function consultationWindow(fields: WindowFields): ConsultationWindow {
  const opensAt = fields.opens_at ? new Date(fields.opens_at) : null;
  const closesAt = fields.closes_at ? new Date(fields.closes_at) : null;
  const closedEarlyAt = fields.closed_early_at ? new Date(fields.closed_early_at) : null;
  // The close instant itself is the last accepted instant: "截止 23:59:59" accepts at 23:59:59.
  const phase = (now: Date): Phase => {
    if (fields.state !== 'published' || !opensAt || !closesAt) return 'draft';
    if (closedEarlyAt && now.getTime() >= closedEarlyAt.getTime()) return 'closed';
    if (now.getTime() < opensAt.getTime()) return 'upcoming';
    if (now.getTime() > closesAt.getTime()) return 'closed';
    return 'open';
  };
  return {
    opensAt,
    closesAt,
    closedEarlyAt,
    phase,
    isOpen: (now) => phase(now) === 'open',
    hasStarted: (now) => phase(now) === 'open' || phase(now) === 'closed',
    daysLeft: (now) => (phase(now) === 'open' && closesAt ? beijingDayDifference(now, closesAt) : null),
    msUntilNextChange(now) {
      const p = phase(now);
      if (p === 'upcoming' && opensAt) return opensAt.getTime() - now.getTime();
      if (p === 'open' && closesAt) return closesAt.getTime() - now.getTime() + 1;
      return null;
    },
  };
}
