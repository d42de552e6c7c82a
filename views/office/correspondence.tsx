// In the structure editor of a revision: where each block comes from in the version before, how
// it changed, and the reason the 修改对照表 prints — with a form to set the sources by hand and
// write the reason. The blocks the revision removed are listed after the text, each with its
// reason. Plain forms; with htmx they swap #structure-editor in place.
import type { OfficeContext } from '../shared/context.ts';
import { consultationHref } from './consultation-nav.tsx';
import { ChangeForm } from './forms.tsx';
import type { CorrespondenceView, RemovedBlockView, StructureView } from './models.ts';

const EDITOR = { target: '#structure-editor' };

function ReasonField(props: { ctx: OfficeContext; id: string; reason: string; draft: string }) {
  const { t } = props.ctx;
  return (
    <p class="field">
      <label for={props.id}>{t('office.correspond.reason')}</label>
      <textarea id={props.id} name="reason" rows={2} maxlength={2000} aria-describedby={props.draft ? `${props.id}-hint` : undefined}>
        {props.reason}
      </textarea>
      {props.draft ? (
        <span class="hint" id={`${props.id}-hint`}>
          {t('office.correspond.reasonDraft', { text: props.draft })}
        </span>
      ) : null}
    </p>
  );
}

function NoteError(props: { view: StructureView; blockKey: string }) {
  const error = props.view.revision?.error;
  return error && error.key === props.blockKey ? (
    <p class="error-text" role="alert">
      {error.message}
    </p>
  ) : null;
}

/** A revised block's correspondence line, and (for officers) the form to correct it. */
export function CorrespondenceBox(props: { ctx: OfficeContext; view: StructureView; blockKey: string; c: CorrespondenceView }) {
  const { ctx, view, c, blockKey } = props;
  const { t } = ctx;
  const revision = view.revision!;
  const id = (name: string) => `cor-${blockKey}-${name}`;
  const sources = new Set(c.sources.map((s) => s.key));
  return (
    <div class={`correspondence change-${c.change}`}>
      <p>
        <span class={`badge change-badge change-${c.change}`}>{c.changeLabel}</span> {t('office.correspond.from')}：
        {c.sources.length ? c.sources.map((s) => s.name).join('、') : t('office.correspond.none')}
        {c.similarity !== null && c.change !== 'same' ? <span class="hint"> · {t('changes.similarity', { percent: c.similarity })}</span> : null}
        {c.overridden ? <span class="hint"> · {t('office.correspond.manual')}</span> : null}
        {c.commentCount > 0 ? <span class="hint"> · {t('office.correspond.comments', { count: c.commentCount })}</span> : null}
      </p>
      <NoteError view={view} blockKey={blockKey} />
      {revision.canNote ? (
        <details class="correspondence-form" open={revision.error?.key === blockKey}>
          <summary>
            {t('office.correspond.mode')} / {t('office.correspond.reason')}
          </summary>
          <ChangeForm ctx={ctx} action={`${consultationHref(view.slug, 'structure')}/changes`} version={view.version} htmx={EDITOR}>
            <input type="hidden" name="key" value={blockKey} />
            <input type="hidden" name="revision" value={String(revision.number)} />
            <fieldset>
              <legend>{t('office.correspond.mode')}</legend>
              <label class="choice">
                <input type="radio" name="mode" value="auto" checked={!c.overridden} /> {t('office.correspond.auto')}
              </label>
              <label class="choice">
                <input type="radio" name="mode" value="manual" checked={c.overridden} /> {t('office.correspond.manual')}
              </label>
            </fieldset>
            <p class="field">
              <label for={id('sources')}>{t('office.correspond.sources')}</label>
              <select id={id('sources')} name="sources" multiple size={5}>
                {revision.choices.map((choice) => (
                  <option value={choice.key} selected={sources.has(choice.key)}>
                    {choice.name}
                  </option>
                ))}
              </select>
            </p>
            <ReasonField ctx={ctx} id={id('reason')} reason={c.reason} draft={c.reasonDraft} />
            <button type="submit" class="button button-small">
              {t('office.correspond.save')}
            </button>
          </ChangeForm>
        </details>
      ) : null}
    </div>
  );
}

function RemovedRow(props: { ctx: OfficeContext; view: StructureView; block: RemovedBlockView }) {
  const { ctx, view, block } = props;
  const { t } = ctx;
  const revision = view.revision!;
  return (
    <li class="structure-block removed-block" id={`removed-${block.key}`}>
      <p class="structure-text">
        <span class="badge change-badge change-removed">{t('changes.kind.removed')}</span> <strong>{block.name}</strong> <del>{block.text}</del>
        {block.commentCount > 0 ? <span class="hint"> · {t('office.correspond.comments', { count: block.commentCount })}</span> : null}
      </p>
      <NoteError view={view} blockKey={block.key} />
      {revision.canNote ? (
        <ChangeForm ctx={ctx} action={`${consultationHref(view.slug, 'structure')}/changes`} version={view.version} htmx={EDITOR}>
          <input type="hidden" name="key" value={block.key} />
          <input type="hidden" name="removed" value="1" />
          <input type="hidden" name="revision" value={String(revision.number)} />
          <ReasonField ctx={ctx} id={`removed-${block.key}-reason`} reason={block.reason} draft={block.reasonDraft} />
          <button type="submit" class="button button-small">
            {t('office.correspond.save')}
          </button>
        </ChangeForm>
      ) : null}
    </li>
  );
}

/** The blocks of the previous version that the revision removed. */
export function RemovedBlocks(props: { ctx: OfficeContext; view: StructureView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const removed = view.revision?.removed ?? [];
  return (
    <section class="removed-blocks" aria-labelledby="yj-removed">
      <h2 id="yj-removed">{t('office.correspond.removed')}</h2>
      {removed.length === 0 ? (
        <p class="hint">{t('office.correspond.removedNone')}</p>
      ) : (
        <ol class="structure-list">
          {removed.map((block) => (
            <RemovedRow ctx={ctx} view={view} block={block} />
          ))}
        </ol>
      )}
    </section>
  );
}
