// The structure editor: a draft's blocks in document order with the corrections an officer can
// make before publishing, and the page for editing or splitting one block. Every correction is a
// plain form (works without JavaScript); with htmx it swaps #structure-editor in place.
import type { ImportReport } from '../../src/drafts/parse-types.ts';
import type { Phase } from '../../src/drafts/window.ts';
import type { OutlineEntry } from '../../src/office/structure.ts';
import { firstWords } from '../../src/drafts/reference.ts';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { ImportReportView } from './consultations.tsx';
import { Csrf, describedBy, Field } from '../shared/kit.tsx';
import type { OfficeContext } from '../shared/context.ts';

export interface StructureView {
  slug: string;
  title: string;
  phase: Phase;
  version: number;
  editable: boolean;
  /** Why the text cannot be corrected, when it cannot. */
  readOnlyReason: string | null;
  entries: OutlineEntry[];
  report: ImportReport;
  noticeDates: { published: string | null; deadline: string | null };
}

function blockName(entry: OutlineEntry): string {
  return `${entry.label ?? ''}${entry.title ?? firstWords(entry.text, 12)}`;
}

function BlockRow(props: { ctx: OfficeContext; view: StructureView; entry: OutlineEntry; index: number }) {
  const { ctx, view, entry, index } = props;
  const { t } = ctx;
  const next = view.entries[index + 1];
  const previous = view.entries[index - 1];
  const action = consultationHref(view.slug, 'structure');
  const name = blockName(entry);
  const label = (text: string) => t('office.structure.actionLabel', { action: text, block: name });
  const canMerge = entry.kind !== 'heading' && next !== undefined && next.kind === 'paragraph' && (view.entries[index + 2]?.depth ?? -1) <= next.depth;
  const canIndent = previous !== undefined && previous.depth >= entry.depth;
  const units = [...entry.lead, ...entry.support];
  return (
    <li class={`structure-block depth-${Math.min(entry.depth, 6)}`} id={`block-${entry.key}`}>
      <p class="structure-meta">
        <span class="badge">{t(`office.structure.kind.${entry.kind}`)}</span> <span>{t('office.structure.depth', { depth: entry.depth + 1 })}</span>{' '}
        <code class="slug">#{entry.key}</code>
        {entry.sourceLine !== null ? <span class="hint"> {t('office.report.line', { line: entry.sourceLine })}</span> : null}
      </p>
      <p class={entry.kind === 'heading' ? 'structure-text structure-heading' : 'structure-text'}>
        {entry.label ? <span class="label">{entry.label}</span> : null}
        {entry.title ? <strong>{entry.title}</strong> : null}
        {entry.title && entry.text ? ' ' : null}
        {entry.text}
      </p>
      {units.length > 0 ? <p class="hint">{t('office.structure.units', { units: units.join('、') })}</p> : null}
      {view.editable ? (
        <form method="post" action={action} hx-post={action} hx-target="#structure-editor" hx-swap="outerHTML" class="structure-actions">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="version" value={String(view.version)} />
          <input type="hidden" name="key" value={entry.key} />
          {canMerge ? (
            <button type="submit" name="action" value="merge" class="button button-small" aria-label={label(t('office.structure.merge'))}>
              {t('office.structure.merge')}
            </button>
          ) : null}
          {entry.depth > 0 ? (
            <button type="submit" name="action" value="outdent" class="button button-small" aria-label={label(t('office.structure.outdent'))} title={t('office.structure.outdentHint')}>
              {t('office.structure.outdent')}
            </button>
          ) : null}
          {canIndent ? (
            <button type="submit" name="action" value="indent" class="button button-small" aria-label={label(t('office.structure.indent'))}>
              {t('office.structure.indent')}
            </button>
          ) : null}
          {entry.kind === 'paragraph' ? (
            <button type="submit" name="action" value="to-heading" class="button button-small" aria-label={label(t('office.structure.toHeading'))}>
              {t('office.structure.toHeading')}
            </button>
          ) : null}
          {entry.kind === 'heading' ? (
            <button type="submit" name="action" value="to-paragraph" class="button button-small" aria-label={label(t('office.structure.toParagraph'))}>
              {t('office.structure.toParagraph')}
            </button>
          ) : null}
          <a
            class="button button-small button-quiet"
            href={`${action}/blocks/${encodeURIComponent(entry.key)}`}
            hx-get={`${action}/blocks/${encodeURIComponent(entry.key)}`}
            hx-target={`#slot-${entry.key}`}
            hx-swap="innerHTML"
            aria-label={label(t('office.structure.editSplit'))}
          >
            {t('office.structure.editSplit')}
          </a>
          <button type="submit" name="action" value="delete" class="button button-small button-quiet" aria-label={label(t('office.structure.delete'))}>
            {t('office.structure.delete')}
          </button>
        </form>
      ) : null}
      <div id={`slot-${entry.key}`} class="structure-slot" aria-live="polite"></div>
    </li>
  );
}

/** Raise or lower every heading at one depth at once (a level the import got wrong throughout). */
function LevelForm(props: { ctx: OfficeContext; view: StructureView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const action = consultationHref(view.slug, 'structure');
  const depths = [...new Set(view.entries.filter((e) => e.kind === 'heading').map((e) => e.depth))].sort((a, b) => a - b);
  return (
    <form method="post" action={action} hx-post={action} hx-target="#structure-editor" hx-swap="outerHTML" class="structure-level">
      <fieldset>
        <legend>{t('office.structure.level.legend')}</legend>
        <p class="hint">{t('office.structure.level.hint')}</p>
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        <label>
          {t('office.structure.level.depth')}{' '}
          <select name="depth">
            {depths.map((depth) => (
              <option value={String(depth)}>{t('office.structure.depth', { depth: depth + 1 })}</option>
            ))}
          </select>
        </label>{' '}
        <button type="submit" name="action" value="level-raise" class="button button-small">
          {t('office.structure.level.raise')}
        </button>{' '}
        <button type="submit" name="action" value="level-lower" class="button button-small">
          {t('office.structure.level.lower')}
        </button>
      </fieldset>
    </form>
  );
}

/** The part htmx swaps after a correction: the blocks and the set-aside lines, with their forms. */
export function StructureEditor(props: { ctx: OfficeContext; view: StructureView; message: string | null; error: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <div id="structure-editor">
      {props.message ? (
        <p class="flash" role="status">
          {props.message}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-text" role="alert">
          {props.error}
        </p>
      ) : null}
      {view.readOnlyReason ? <p class="notice-box">{view.readOnlyReason}</p> : <p>{t('office.structure.intro')}</p>}
      {view.editable && view.entries.some((e) => e.kind === 'heading') ? <LevelForm ctx={ctx} view={view} /> : null}
      {view.entries.length === 0 ? (
        <p>{t('office.structure.empty')}</p>
      ) : (
        <ol class="structure-list">
          {view.entries.map((entry, index) => (
            <BlockRow ctx={ctx} view={view} entry={entry} index={index} />
          ))}
        </ol>
      )}
      <ImportReportView
        t={t}
        report={view.report}
        noticeDates={view.noticeDates}
        restore={view.editable ? { action: consultationHref(view.slug, 'structure'), csrfToken: ctx.csrfToken, version: view.version } : null}
      />
    </div>
  );
}

export function StructurePage(props: { ctx: OfficeContext; view: StructureView; flash: string | null; error: string | null }) {
  const { ctx, view } = props;
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="structure" heading={ctx.t('office.structure.title')} phase={view.phase} wide>
      <StructureEditor ctx={ctx} view={view} message={props.flash} error={props.error} />
    </ConsultationFrame>
  );
}

export interface BlockFormValues {
  label: string;
  title: string;
  text: string;
  split: string;
}

/** The edit and split forms for one block: a page of its own, or a fragment inside the list. */
export function BlockForms(props: { ctx: OfficeContext; view: StructureView; entry: OutlineEntry; values: BlockFormValues; errors: { edit?: string; split?: string } }) {
  const { ctx, view, entry, values, errors } = props;
  const { t } = ctx;
  const action = consultationHref(view.slug, 'structure');
  const id = (name: string) => `blk-${entry.key}-${name}`;
  return (
    <div class="block-forms">
      <form method="post" action={action} hx-post={action} hx-target="#structure-editor" hx-swap="outerHTML" class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        <input type="hidden" name="key" value={entry.key} />
        <h2 class="form-title">{t('office.block.edit')}</h2>
        {errors.edit ? (
          <p class="error-text" role="alert">
            {errors.edit}
          </p>
        ) : null}
        <Field id={id('label')} label={t('office.block.label')} hint={t('office.block.labelHint')}>
          <input id={id('label')} name="label" type="text" maxlength={30} value={values.label} aria-describedby={describedBy(id('label'), undefined)} />
        </Field>
        {entry.kind !== 'paragraph' ? (
          <Field id={id('title')} label={t('office.block.titleField')}>
            <input id={id('title')} name="title" type="text" maxlength={500} value={values.title} />
          </Field>
        ) : (
          <input type="hidden" name="title" value={values.title} />
        )}
        <Field id={id('text')} label={t('office.block.text')}>
          <textarea id={id('text')} name="text" rows={6}>
            {values.text}
          </textarea>
        </Field>
        <button type="submit" name="action" value="edit" class="button button-primary">
          {t('office.block.save')}
        </button>
      </form>
      <form method="post" action={action} hx-post={action} hx-target="#structure-editor" hx-swap="outerHTML" class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        <input type="hidden" name="key" value={entry.key} />
        <h2 class="form-title">{t('office.block.split')}</h2>
        {entry.text ? (
          <>
            {errors.split ? (
              <p class="error-text" role="alert" id={`${id('split')}-error`}>
                {errors.split}
              </p>
            ) : null}
            <Field id={id('split')} label={t('office.block.splitText')} hint={t('office.block.splitHint')}>
              <textarea id={id('split')} name="parts" rows={8} aria-describedby={describedBy(id('split'), errors.split)} aria-invalid={errors.split ? 'true' : undefined}>
                {values.split}
              </textarea>
            </Field>
            <button type="submit" name="action" value="split" class="button">
              {t('office.block.splitSubmit')}
            </button>
          </>
        ) : (
          <p>{t('office.block.noText')}</p>
        )}
      </form>
    </div>
  );
}

export function BlockPage(props: { ctx: OfficeContext; view: StructureView; entry: OutlineEntry; values: BlockFormValues; errors: { edit?: string; split?: string } }) {
  const { ctx, view, entry } = props;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="structure" heading={t('office.block.title')} phase={view.phase}>
      <p>
        <a href={`${consultationHref(view.slug, 'structure')}#block-${entry.key}`}>{t('office.block.back')}</a>
      </p>
      <p class="structure-text">
        <span class="badge">{t(`office.structure.kind.${entry.kind}`)}</span> <code class="slug">#{entry.key}</code>
      </p>
      <div id="structure-editor">
        <BlockForms ctx={ctx} view={view} entry={entry} values={props.values} errors={props.errors} />
      </div>
    </ConsultationFrame>
  );
}
