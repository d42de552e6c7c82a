// Small pieces the review pages share: their addresses, a labelled select, and the badges for a
// comment's channel, status and decision.
import type { Translate } from '../../src/lib/i18n.ts';
import { Field } from '../shared/kit.tsx';
import type { DecisionView, SourceView, StatusView } from './models.ts';

export function commentsBase(slug: string): string {
  return `/office/consultations/${encodeURIComponent(slug)}/comments`;
}

/** A comment's own page, remembering the queue to go back to. */
export function detailHref(slug: string, id: number, back: string): string {
  return `${commentsBase(slug)}/${id}?back=${encodeURIComponent(back)}`;
}

export function ChannelLabel(props: { t: Translate; source: SourceView }) {
  const { t, source } = props;
  return (
    <span class={`badge badge-channel badge-${source.channel}`}>
      {t(`review.channel.${source.channel}`)}
      {source.channel === 'offline' && source.offlineKind ? `·${t(`review.kind.${source.offlineKind}`)}` : ''}
    </span>
  );
}

export function StatusLabel(props: { t: Translate; status: StatusView }) {
  return <span class={`badge badge-status-${props.status}`}>{props.t(`review.status.${props.status}`)}</span>;
}

export function DecisionLabel(props: { t: Translate; decision: DecisionView | null }) {
  return props.decision ? (
    <span class={`badge badge-decision badge-decision-${props.decision}`}>{props.t(`review.decision.${props.decision}`)}</span>
  ) : (
    <span class="badge badge-undecided">{props.t('review.decision.undecided')}</span>
  );
}

export function decisionText(t: Translate, decision: DecisionView | null): string {
  return decision ? t(`review.decision.${decision}`) : t('review.decision.undecided');
}

export function LateBadge(props: { t: Translate }) {
  return <span class="badge badge-late">{props.t('review.late.yes')}</span>;
}

/** A labelled select of [value, text] options; `compact` for the queue's filter and bulk rows. */
export function Select(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  error?: string;
  required?: boolean;
  compact?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error} required={props.required} class={props.compact ? 'field-compact' : undefined}>
      {(aria) => (
        <select {...aria} name={props.name} required={props.required}>
          {props.options.map(([value, text]) => (
            <option value={value} selected={props.value === value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
