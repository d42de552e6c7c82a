// The structure editor: a draft's blocks in document order with the corrections an officer can
// make before publishing, and the page for editing or splitting one block. Every correction is a
// plain form (works without JavaScript); with htmx it swaps #structure-editor in place.
import type { Child } from 'hono/jsx';
import type { OfficeContext } from '../shared/context.ts';
import { Field, Flash } from '../shared/kit.tsx';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { CorrespondenceBox, RemovedBlocks } from './correspondence.tsx';
import { ChangeForm } from './forms.tsx';
import { ImportReportSection } from './import-report.tsx';
import type { BlockFormValues, StructureBlockView, StructureView } from './models.ts';

const EDITOR = { target: '#structure-editor' };

function BlockRow(props: { ctx: OfficeContext; view: StructureView; entry: StructureBlockView; index: number }) {
  const { ctx, view, entry, index } = props;
  const { t } = ctx;
  const next = view.entries[index + 1];
  const previous = view.entries[index - 1];
  const action = consultationHref(view.slug, 'structure');
  const label = (text: string) => t('office.structure.actionLabel', { action: text, block: entry.name });
  const canMerge = entry.kind !== 'heading' && next !== undefined && next.kind === 'paragraph' && (view.entries[index + 2]?.depth ?? -1) <= next.depth;
  const canIndent = previous !== undefined && previous.depth >= entry.depth;
  const button = (value: string, text: string, title?: string) => (
    <button type="submit" name="action" value={value} class="button button-small" aria-label={label(text)} title={title}>
      {text}
    </button>
  );
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
      {entry.units.length > 0 ? <p class="hint">{t('office.structure.units', { units: entry.units.join('、') })}</p> : null}
      {view.revision?.byKey[entry.key] ? <CorrespondenceBox ctx={ctx} view={view} blockKey={entry.key} c={view.revision.byKey[entry.key]!} /> : null}
      {view.editable ? (
        <ChangeForm ctx={ctx} action={action} version={view.version} htmx={EDITOR} class="structure-actions">
          <input type="hidden" name="key" value={entry.key} />
          {canMerge ? button('merge', t('office.structure.merge')) : null}
          {entry.depth > 0 ? button('outdent', t('office.structure.outdent'), t('office.structure.outdentHint')) : null}
          {canIndent ? button('indent', t('office.structure.indent')) : null}
          {entry.kind === 'paragraph' ? button('to-heading', t('office.structure.toHeading')) : null}
          {entry.kind === 'heading' ? button('to-paragraph', t('office.structure.toParagraph')) : null}
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
        </ChangeForm>
      ) : null}
      <div id={`slot-${entry.key}`} class="structure-slot" aria-live="polite"></div>
    </li>
  );
}

/** Raise or lower every heading at one depth at once (a level the import got wrong throughout). */
function LevelForm(props: { ctx: OfficeContext; view: StructureView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const depths = [...new Set(view.entries.filter((e) => e.kind === 'heading').map((e) => e.depth))].sort((a, b) => a - b);
  return (
    <ChangeForm ctx={ctx} action={consultationHref(view.slug, 'structure')} version={view.version} htmx={EDITOR} class="structure-level">
      <fieldset>
        <legend>{t('office.structure.level.legend')}</legend>
        <p class="hint">{t('office.structure.level.hint')}</p>
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
    </ChangeForm>
  );
}

/** The part htmx swaps after a correction: the blocks and the set-aside lines, with their forms. */
export function StructureEditor(props: { ctx: OfficeContext; view: StructureView; message: string | null; error: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <div id="structure-editor">
      <Flash message={props.message} />
      {props.error ? (
        <p class="error-text" role="alert">
          {props.error}
        </p>
      ) : null}
      {view.revision ? <p class="notice-box">{t('office.correspond.intro', { number: view.revision.number, previous: view.revision.previous })}</p> : null}
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
      {view.revision ? <RemovedBlocks ctx={ctx} view={view} /> : null}
      <ImportReportSection ctx={ctx} report={view.report} restore={view.editable ? { action: consultationHref(view.slug, 'structure'), version: view.version } : null} />
    </div>
  );
}

export function StructurePage(props: { ctx: OfficeContext; view: StructureView; editor: Child }) {
  const { ctx, view } = props;
  return (
    <ConsultationFrame
      ctx={ctx}
      consultation={view}
      current="structure"
      heading={view.versionNumber > 1 ? `${ctx.t('office.structure.title')} · ${ctx.t('office.version.number', { number: view.versionNumber })}` : ctx.t('office.structure.title')}
      phase={view.phase}
      wide
    >
      {props.editor}
    </ConsultationFrame>
  );
}

/** The edit and split forms for one block: a page of its own, or a fragment inside the list. */
export function BlockForms(props: { ctx: OfficeContext; view: StructureView; entry: StructureBlockView; values: BlockFormValues; errors: { edit?: string; split?: string } }) {
  const { ctx, view, entry, values, errors } = props;
  const { t } = ctx;
  const action = consultationHref(view.slug, 'structure');
  const id = (name: string) => `blk-${entry.key}-${name}`;
  return (
    <div class="block-forms">
      <ChangeForm ctx={ctx} action={action} version={view.version} htmx={EDITOR} class="wide-form">
        <input type="hidden" name="key" value={entry.key} />
        <h2 class="form-title">{t('office.block.edit')}</h2>
        {errors.edit ? (
          <p class="error-text" role="alert">
            {errors.edit}
          </p>
        ) : null}
        <Field id={id('label')} label={t('office.block.label')} hint={t('office.block.labelHint')}>
          {(aria) => <input {...aria} name="label" type="text" maxlength={30} value={values.label} />}
        </Field>
        {entry.kind !== 'paragraph' ? (
          <Field id={id('title')} label={t('office.block.titleField')}>
            {(aria) => <input {...aria} name="title" type="text" maxlength={500} value={values.title} />}
          </Field>
        ) : (
          <input type="hidden" name="title" value={values.title} />
        )}
        <Field id={id('text')} label={t('office.block.text')}>
          {(aria) => (
            <textarea {...aria} name="text" rows={6}>
              {values.text}
            </textarea>
          )}
        </Field>
        <button type="submit" name="action" value="edit" class="button button-primary">
          {t('office.block.save')}
        </button>
      </ChangeForm>
      <ChangeForm ctx={ctx} action={action} version={view.version} htmx={EDITOR} class="wide-form">
        <input type="hidden" name="key" value={entry.key} />
        <h2 class="form-title">{t('office.block.split')}</h2>
        {entry.text ? (
          <>
            <Field id={id('split')} label={t('office.block.splitText')} hint={t('office.block.splitHint')} error={errors.split}>
              {(aria) => (
                <textarea {...aria} name="parts" rows={8}>
                  {values.split}
                </textarea>
              )}
            </Field>
            <button type="submit" name="action" value="split" class="button">
              {t('office.block.splitSubmit')}
            </button>
          </>
        ) : (
          <p>{t('office.block.noText')}</p>
        )}
      </ChangeForm>
    </div>
  );
}

export function BlockPage(props: { ctx: OfficeContext; view: StructureView; entry: StructureBlockView; forms: Child }) {
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
      <div id="structure-editor">{props.forms}</div>
    </ConsultationFrame>
  );
}
