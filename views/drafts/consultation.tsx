import type { Translate } from '../../src/lib/i18n.ts';
import { firstWords } from '../../src/lib/text.ts';
import { CommentItem } from '../comments/form.tsx';
import type { PageContext } from '../shared/context.ts';
import { Layout } from '../shared/layout.tsx';
import type { BlockView, ConsultationView, MarkedPiece, RemovedBlockView } from './models.ts';
import { PhaseBadge, WindowLine } from './window.tsx';

function Responsible(props: { t: Translate; block: BlockView }) {
  const { lead, support } = props.block.responsible;
  if (lead.length === 0 && support.length === 0) return null;
  return (
    <p class="responsible">
      {lead.length > 0 ? (
        <span>
          <span class="responsible-label">{props.t('consultation.lead')}：</span>
          {lead.join('、')}
        </span>
      ) : null}
      {support.length > 0 ? (
        <span>
          <span class="responsible-label">{props.t('consultation.support')}：</span>
          {support.join('、')}
        </span>
      ) : null}
    </p>
  );
}

function BlockComments(props: { t: Translate; slug: string; block: BlockView; query: string }) {
  const { t, block } = props;
  if (block.commentCount === 0) return null;
  return (
    <details class="block-comments">
      <summary>{t('consultation.showComments', { count: block.commentCount })}</summary>
      <ol class="comment-list">
        {block.latestComments.map((comment) => (
          <CommentItem t={t} comment={comment} />
        ))}
      </ol>
      {block.commentCount > block.latestComments.length ? (
        <p>
          <a href={`/consultations/${props.slug}/blocks/${block.id}/comments${props.query}`}>{t('consultation.allComments', { count: block.commentCount })}</a>
        </p>
      ) : null}
    </details>
  );
}

function BlockActions(props: { t: Translate; slug: string; block: BlockView; open: boolean; reference: string }) {
  const { t, block } = props;
  const formUrl = `/consultations/${props.slug}/comment?on=${encodeURIComponent(block.id)}`;
  return (
    <div class="block-actions">
      <span class="comment-count" aria-label={t('consultation.commentCount', { count: block.commentCount })}>
        {block.commentCount > 0 ? t('consultation.commentCount', { count: block.commentCount }) : t('consultation.noComments')}
      </span>
      <a class="permalink" href={`#${block.id}`} aria-label={`${t('consultation.permalink')}：${props.reference}`}>
        #
      </a>
      {props.open ? (
        <a
          class="button button-small"
          href={formUrl}
          hx-get={formUrl}
          hx-target={`#yj-slot-${block.id}`}
          hx-swap="innerHTML"
          aria-label={t('consultation.commentOn', { label: props.reference })}
        >
          {t('consultation.comment')}
        </a>
      ) : null}
    </div>
  );
}

/** A block's title and text with what changed marked: struck deletions, underlined insertions. */
function Marked(props: { pieces: MarkedPiece[] }) {
  return (
    <>
      {props.pieces.map((p) => (p.op === 'delete' ? <del>{p.text}</del> : p.op === 'insert' ? <ins>{p.text}</ins> : p.text))}
    </>
  );
}

/** 「修改」「新增」 and 「原第五条」 beside a block whose changes are marked. */
function ChangeNote(props: { change: BlockView['change'] }) {
  const change = props.change;
  if (!change || (!change.label && !change.was)) return null;
  return (
    <span class={`change-note change-${change.kind}`}>
      {change.label ? <span class="change-badge">{change.label}</span> : null}
      {change.was ? <span class="change-was">{change.was}</span> : null}
    </span>
  );
}

/** Blocks of the previous version taken out here, struck where they stood. */
function Removed(props: { t: Translate; blocks: RemovedBlockView[] | undefined }) {
  if (!props.blocks?.length) return null;
  return (
    <>
      {props.blocks.map((b) => (
        <div class="block removed-block">
          <span class="change-note change-removed">
            <span class="change-badge">{props.t('changes.kind.removed')}</span>
          </span>
          <del>
            {b.label ? <span class="label">{b.label} </span> : null}
            {b.text}
          </del>
        </div>
      ))}
    </>
  );
}

interface BlockProps {
  ctx: PageContext;
  slug: string;
  block: BlockView;
  open: boolean;
  depth: number;
  /** The comments list's query: an earlier version names its version. */
  query: string;
}

function Block(props: BlockProps) {
  const { ctx, block, slug, open, depth } = props;
  const { t } = ctx;
  const children = block.children.map((child) => <Block {...props} block={child} depth={depth + 1} />);
  const pieces = block.change?.pieces ?? null;
  if (block.kind === 'heading') {
    const level = Math.min(6, depth + 2);
    const Heading = `h${level}` as 'h2';
    return (
      <section class={`section depth-${depth}`} aria-labelledby={block.id}>
        <Heading id={block.id} class="section-heading">
          {block.label ? <span class={block.label.endsWith('、') ? 'label label-tight' : 'label'}>{block.label}</span> : null}
          {pieces ? <Marked pieces={pieces} /> : block.title}
          <ChangeNote change={block.change} />
        </Heading>
        {children}
        <Removed t={t} blocks={block.removedAfter} />
      </section>
    );
  }
  const reference = block.reference;
  return (
    <>
      <div class={`block block-${block.kind}${block.change ? ` changed-${block.change.kind}` : ''}`} id={block.id} tabindex={-1}>
        <div class="block-text">
          <ChangeNote change={block.change} />
          {block.label ? <span class="label">{block.label}</span> : null}
          {pieces ? (
            <Marked pieces={pieces} />
          ) : (
            <>
              {block.kind === 'article' && block.title ? <span class="article-title">【{block.title}】</span> : null}
              {block.text}
            </>
          )}
        </div>
        <Responsible t={t} block={block} />
        <BlockActions t={t} slug={slug} block={block} open={open} reference={reference} />
        <div class="inline-form" id={`yj-slot-${block.id}`} aria-live="polite"></div>
        <BlockComments t={t} slug={slug} block={block} query={props.query} />
        {children.length > 0 ? <div class="block-children">{children}</div> : null}
      </div>
      <Removed t={t} blocks={block.removedAfter} />
    </>
  );
}

/**
 * Which version this text is, the earlier ones, and — for a revised text — the toggle between the
 * clean text and the changes marked: a plain link (the page cache serves both forms), which htmx
 * follows by swapping only #yj-text.
 */
function VersionBar(props: { t: Translate; c: ConsultationView }) {
  const { t, c } = props;
  const v = c.version;
  if (!v) return null;
  return (
    <section class="version-bar" aria-labelledby="yj-version">
      <p id="yj-version">
        <strong>{t('version.current', { number: v.number })}</strong>
        {v.final ? <span class="badge"> {t('version.final')}</span> : null}
        {v.earlier.length ? (
          <span class="version-earlier">
            {' '}
            · {t('version.earlier')}：
            {v.earlier.map((e, i) => (
              <>
                {i > 0 ? '、' : ''}
                <a href={e.href}>{t('version.readEarlier', { number: e.number, date: e.date })}</a>
              </>
            ))}
          </span>
        ) : null}
      </p>
      {v.old ? (
        <p class="notice-box">
          {t('version.oldNotice', { number: v.number })} {v.currentHref ? <a href={v.currentHref}>{t('version.goCurrent')}</a> : null}
        </p>
      ) : null}
      {v.toggle ? (
        <p class="version-toggle">
          <span>{v.toggle.summary}</span>{' '}
          <a class="button button-small" href={v.toggle.href} hx-get={v.toggle.href} hx-select="#yj-text" hx-target="#yj-text" hx-swap="outerHTML" hx-push-url="true" aria-pressed={v.toggle.marked ? 'true' : 'false'}>
            {v.toggle.marked ? t('version.showClean') : t('version.showChanges')}
          </a>
          {v.toggle.marked ? <span class="hint changes-legend">{t('version.changesNote', { previous: v.toggle.previous })}</span> : null}
        </p>
      ) : null}
    </section>
  );
}

function TocEntries(props: { blocks: BlockView[] }) {
  const entries = props.blocks.filter((b) => b.kind === 'heading' || b.kind === 'article' || (b.kind === 'item' && b.number !== null));
  if (entries.length === 0) return null;
  return (
    <ol>
      {entries.map((b) => (
        <li>
          <a href={`#${b.id}`}>
            {b.label ? <span class={b.label.endsWith('、') ? 'label label-tight' : 'label'}>{b.label}</span> : null}
            {b.title ?? firstWords(b.text, 14)}
          </a>
          {b.kind === 'heading' ? <TocEntries blocks={b.children} /> : null}
        </li>
      ))}
    </ol>
  );
}

export function ConsultationPage(props: { ctx: PageContext; c: ConsultationView }) {
  const { ctx, c } = props;
  const { t } = ctx;
  // An earlier version is read only: its window is over and comments go to the current text.
  const open = c.window.phase === 'open' && !c.readOnly;
  const notes = c.body.filter((b) => b.kind === 'paragraph' && b.id.startsWith('n'));
  const body = c.body.filter((b) => !notes.includes(b));
  const generalUrl = `/consultations/${c.slug}/comment`;
  const query = c.readOnly && c.version ? `?v=${c.version.number}` : '';
  return (
    <Layout ctx={ctx} title={c.title}>
      <article class="consultation">
        <header class="consultation-header">
          <p class="eyebrow">
            <PhaseBadge t={t} window={c.window} /> <WindowLine t={t} window={c.window} />
          </p>
          <h1>{c.title}</h1>
          {c.meta.draftStage ? <p class="stage">（{c.meta.draftStage}）</p> : null}
          {c.meta.frontMatter.length > 0 ? (
            <p class="front-matter">
              {c.meta.frontMatter.map((line) => (
                <span>{line}</span>
              ))}
            </p>
          ) : null}
        </header>

        <section class="notice" aria-labelledby="yj-notice">
          <h2 id="yj-notice">{t('consultation.notice')}</h2>
          <dl class="facts">
            {c.issuer ? (
              <div>
                <dt>{t('consultation.drafter')}</dt>
                <dd>{c.issuer}</dd>
              </div>
            ) : null}
            {c.window.opens && c.window.closes ? (
              <div>
                <dt>{t('consultation.window')}</dt>
                <dd>
                  {t('window.range', { opens: c.window.opens, closes: c.window.closes })}
                  {t('window.beijing')}
                  {c.window.extensionReason ? <p class="extension">{t('window.extended', { reason: c.window.extensionReason })}</p> : null}
                  {c.window.closedEarlyReason ? <p class="extension">{t('office.public.closedEarlyReason', { reason: c.window.closedEarlyReason })}</p> : null}
                </dd>
              </div>
            ) : null}
            {c.meta.documentNumber ? (
              <div>
                <dt>{t('consultation.documentNumber')}</dt>
                <dd>{c.meta.documentNumber}</dd>
              </div>
            ) : null}
            {c.window.phase !== 'closed' ? (
              <div>
                <dt>{t('consultation.how')}</dt>
                <dd>
                  <ul class="how">
                    <li>{t('consultation.how.web')}</li>
                    {c.intakeEmail ? <li>{t('mail.page.intake', { email: c.intakeEmail })}</li> : null}
                    {c.contactEmail && c.intakeEmail && c.contactEmail !== c.intakeEmail ? <li>{t('mail.page.noticeEmail', { email: c.contactEmail })}</li> : null}
                    {c.contactEmail && !c.intakeEmail ? <li>{t('consultation.how.email', { email: c.contactEmail })}</li> : null}
                  </ul>
                </dd>
              </div>
            ) : null}
            {c.contactPerson || c.contactPhone ? (
              <div>
                <dt>{t('consultation.contact')}</dt>
                <dd>
                  {c.contactPerson}
                  {c.contactPhone ? ` ${t('consultation.phone')}：${c.contactPhone}` : ''}
                </dd>
              </div>
            ) : null}
          </dl>
          {c.meta.notice.length > 0 ? (
            <details class="original-notice">
              <summary>{t('consultation.originalNotice')}</summary>
              {c.meta.salutation ? <p>{c.meta.salutation}</p> : null}
              {c.meta.notice.map((line) => (
                <p>{line}</p>
              ))}
            </details>
          ) : null}
          {c.window.phase === 'closed' ? <p class="state-note">{t('consultation.closedNotice')}</p> : null}
          {c.results ? (
            <section class="results-summary" aria-labelledby="yj-results">
              <h2 id="yj-results">{t('reports.results.title')}</h2>
              {c.results.statement.split(/\r?\n/).filter((line) => line.trim()).map((line) => (
                <p>{line}</p>
              ))}
              <p class="muted">{t('reports.results.publishedOn', { date: c.results.publishedAt })}</p>
              <p>
                <a href={`/consultations/${c.slug}/results`}>{t('reports.results.link')}</a>
              </p>
            </section>
          ) : null}
          {c.window.phase === 'upcoming' && c.window.opens ? <p class="state-note">{t('consultation.upcomingNotice', { opens: c.window.opens })}</p> : null}
        </section>

        <div id="yj-text">
        <VersionBar t={t} c={c} />
        <div class="consultation-layout">
          <nav class="toc" aria-labelledby="yj-toc">
            <details>
              <summary id="yj-toc">{t('consultation.toc')}</summary>
              <TocEntries blocks={body} />
              <ol>
                <li>
                  <a href="#yj-general">{t('consultation.generalComments')}</a>
                </li>
              </ol>
            </details>
          </nav>

          <div class="draft" aria-label={t('consultation.body')}>
            <Removed t={t} blocks={c.removedAtStart} />
            {body.map((block) => (
              <Block ctx={ctx} slug={c.slug} block={block} open={open} depth={0} query={query} />
            ))}
            {notes.length > 0 ? (
              <section class="notes" aria-labelledby="yj-notes">
                <h2 id="yj-notes">{t('consultation.notes')}</h2>
                {notes.map((block) => (
                  <Block ctx={ctx} slug={c.slug} block={block} open={open} depth={0} query={query} />
                ))}
              </section>
            ) : null}

            <section class="general" id="yj-general" aria-labelledby="yj-general-heading">
              <h2 id="yj-general-heading">{t('consultation.generalComments')}</h2>
              {c.generalCommentCount > 0 ? (
                <>
                  <ol class="comment-list">
                    {c.generalComments.map((comment) => (
                      <CommentItem t={t} comment={comment} />
                    ))}
                  </ol>
                  {c.generalCommentCount > c.generalComments.length ? (
                    <p>
                      <a href={`/consultations/${c.slug}/blocks/general/comments${query}`}>{t('consultation.allComments', { count: c.generalCommentCount })}</a>
                    </p>
                  ) : null}
                </>
              ) : (
                <p class="muted">{t('consultation.noComments')}</p>
              )}
              {open ? (
                <div class="inline-form" id="yj-slot-general" aria-live="polite">
                  <a class="button" href={generalUrl} hx-get={generalUrl} hx-target="#yj-slot-general" hx-swap="innerHTML">
                    {t('consultation.general')}
                  </a>
                </div>
              ) : null}
            </section>
          </div>
        </div>
        </div>
      </article>
    </Layout>
  );
}
