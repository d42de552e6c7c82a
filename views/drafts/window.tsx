// A consultation's phase and window in one line: 截止 …，还剩 N 天 — or when it opens or closed.
import type { Translate } from '../../src/lib/i18n.ts';
import type { WindowView } from './models.ts';

export function PhaseBadge(props: { t: Translate; window: WindowView }) {
  const { phase } = props.window;
  return <span class={`badge badge-${phase}`}>{props.t(`phase.${phase}`)}</span>;
}

/** 截止 2026年12月1日 23:59，还剩 N 天 — or when it opens, or when it closed. */
export function WindowLine(props: { t: Translate; window: WindowView }) {
  const { t, window: w } = props;
  if (w.phase === 'open' && w.closes) {
    return (
      <span class="window-line">
        {t('window.closes', { closes: w.closes })}
        {t('window.beijing')}，<strong class="days-left">{t('window.daysLeft', { days: w.daysLeft ?? 0 })}</strong>
      </span>
    );
  }
  if (w.phase === 'upcoming' && w.opens) return <span class="window-line">{t('window.opensOn', { opens: w.opens })}</span>;
  if (w.phase === 'closed' && w.closedEarly) return <span class="window-line">{t('window.closedEarly', { closes: w.closedEarly })}</span>;
  if (w.phase === 'closed' && w.closes) return <span class="window-line">{t('window.closedOn', { closes: w.closes })}</span>;
  return null;
}

