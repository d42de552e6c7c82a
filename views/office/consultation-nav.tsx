// The frame of every page about one consultation in the office: its title, where it stands, and
// the tabs that lead to everything the office does with it. Other modules' pages (review queue,
// department board, report, results) use ConsultationFrame too, so the tabs stay the same everywhere.
import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../src/lib/i18n.ts';
import type { OfficeContext, OfficerRoleView, PhaseView } from '../shared/context.ts';
import { Tabs } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';

export type ConsultationTab = 'overview' | 'structure' | 'versions' | 'settings' | 'roster' | 'comments' | 'units' | 'report' | 'results';

const ALL: OfficerRoleView[] = ['admin', 'officer', 'moderator'];
const OFFICE: OfficerRoleView[] = ['admin', 'officer'];

/** Each tab: its path under /office/consultations/:slug, its label key, and who sees it. */
export const CONSULTATION_TABS: { tab: ConsultationTab; suffix: string; label: MessageKey; roles: OfficerRoleView[] }[] = [
  { tab: 'overview', suffix: '', label: 'office.tab.overview', roles: ALL },
  { tab: 'structure', suffix: '/structure', label: 'office.tab.structure', roles: ALL },
  { tab: 'versions', suffix: '/versions', label: 'office.tab.versions', roles: ALL },
  { tab: 'settings', suffix: '/settings', label: 'office.tab.settings', roles: OFFICE },
  { tab: 'roster', suffix: '/roster', label: 'office.tab.roster', roles: OFFICE },
  { tab: 'comments', suffix: '/comments', label: 'office.tab.comments', roles: ALL },
  { tab: 'units', suffix: '/units', label: 'office.tab.units', roles: ALL },
  { tab: 'report', suffix: '/report', label: 'office.tab.report', roles: OFFICE },
  { tab: 'results', suffix: '/results', label: 'office.tab.results', roles: OFFICE },
];

/** Whether the officer may change consultations (not a moderator, who only reads and moderates). */
export function canManage(ctx: OfficeContext): boolean {
  return OFFICE.includes(ctx.officer.role);
}

export function consultationHref(slug: string, tab: ConsultationTab = 'overview'): string {
  const suffix = CONSULTATION_TABS.find((t) => t.tab === tab)?.suffix ?? '';
  return `/office/consultations/${encodeURIComponent(slug)}${suffix}`;
}

export function ConsultationNav(props: { ctx: OfficeContext; slug: string; current: ConsultationTab }) {
  const { ctx } = props;
  const tabs = CONSULTATION_TABS.filter((tab) => tab.roles.includes(ctx.officer.role)).map((tab) => ({
    href: consultationHref(props.slug, tab.tab),
    label: ctx.t(tab.label),
    current: tab.tab === props.current,
  }));
  return <Tabs class="consultation-nav" label={ctx.t('office.tab.label')} tabs={tabs} />;
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
  phase?: PhaseView;
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
