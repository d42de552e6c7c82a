// The frame of every page about one consultation in the office: its title, where it stands, and
// the tabs that lead to everything the office does with it. Other modules' pages (review queue,
// department board, report, results) use ConsultationFrame too, so the tabs stay the same everywhere.
import type { Child } from 'hono/jsx';
import type { OfficerRole } from '../../src/db/schema.ts';
import type { Phase } from '../../src/drafts/window.ts';
import type { MessageKey } from '../../src/lib/i18n.ts';
import { OfficeLayout } from '../shared/layout.tsx';
import type { OfficeContext } from '../shared/context.ts';

export type ConsultationTab = 'overview' | 'structure' | 'settings' | 'roster' | 'comments' | 'units' | 'report' | 'results';

const ALL: OfficerRole[] = ['admin', 'officer', 'moderator'];
const OFFICE: OfficerRole[] = ['admin', 'officer'];

/** Each tab: its path under /office/consultations/:slug, its label key, and who sees it. */
export const CONSULTATION_TABS: { tab: ConsultationTab; suffix: string; label: MessageKey; roles: OfficerRole[] }[] = [
  { tab: 'overview', suffix: '', label: 'office.tab.overview', roles: ALL },
  { tab: 'structure', suffix: '/structure', label: 'office.tab.structure', roles: ALL },
  { tab: 'settings', suffix: '/settings', label: 'office.tab.settings', roles: OFFICE },
  { tab: 'roster', suffix: '/roster', label: 'office.tab.roster', roles: OFFICE },
  { tab: 'comments', suffix: '/comments', label: 'office.tab.comments', roles: ALL },
  { tab: 'units', suffix: '/units', label: 'office.tab.units', roles: ALL },
  { tab: 'report', suffix: '/report', label: 'office.tab.report', roles: OFFICE },
  { tab: 'results', suffix: '/results', label: 'office.tab.results', roles: OFFICE },
];

export function consultationHref(slug: string, tab: ConsultationTab = 'overview'): string {
  const suffix = CONSULTATION_TABS.find((t) => t.tab === tab)?.suffix ?? '';
  return `/office/consultations/${encodeURIComponent(slug)}${suffix}`;
}

export function ConsultationNav(props: { ctx: OfficeContext; slug: string; current: ConsultationTab }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <nav class="consultation-nav" aria-label={t('office.tab.label')}>
      <ul>
        {CONSULTATION_TABS.filter((tab) => tab.roles.includes(ctx.officer.role)).map((tab) => (
          <li>
            <a href={consultationHref(props.slug, tab.tab)} aria-current={tab.tab === props.current ? 'page' : undefined}>
              {t(tab.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What the frame needs to know about the consultation; a Consultation row fits. */
export interface FrameConsultation {
  slug: string;
  title: string;
}

/**
 * OfficeLayout plus the consultation's heading and tabs. `heading` is the page's own title
 * (e.g. 「意见审阅」); the browser title becomes "heading · consultation title".
 */
export function ConsultationFrame(props: {
  ctx: OfficeContext;
  consultation: FrameConsultation;
  current: ConsultationTab;
  heading: string;
  phase?: Phase;
  flash?: string | null;
  wide?: boolean;
  children: Child;
}) {
  const { ctx, consultation } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={`${props.heading} · ${consultation.title}`} flash={props.flash} wide={props.wide}>
      <p class="breadcrumb">
        <a href="/office/consultations">{t('office.list.title')}</a>
      </p>
      <header class="consultation-frame">
        <p class="consultation-frame-title">
          <a href={consultationHref(consultation.slug)}>{consultation.title}</a>
          {props.phase ? <span class={`badge badge-${props.phase}`}>{t(`phase.${props.phase}`)}</span> : null}
        </p>
        <ConsultationNav ctx={ctx} slug={consultation.slug} current={props.current} />
      </header>
      <h1>{props.heading}</h1>
      {props.children}
    </OfficeLayout>
  );
}
