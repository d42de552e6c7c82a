// The supporting documents on a version's public page: each a download, saying what it is.
import type { Translate } from '../../src/lib/i18n.ts';
import type { DocumentView } from './models.ts';

export function DocumentMeta(props: { t: Translate; document: DocumentView }) {
  const { t, document } = props;
  const kind = t(`documents.kind.${document.kind}`);
  return (
    <span class="document-meta">
      {t('documents.public.meta', { kind, format: document.format, size: document.size })}
    </span>
  );
}

export function DocumentList(props: { t: Translate; documents: DocumentView[] }) {
  const { t } = props;
  if (props.documents.length === 0) return null;
  return (
    <section class="documents" aria-labelledby="yj-documents">
      <h2 id="yj-documents">{t('documents.public.title')}</h2>
      <ul class="document-list">
        {props.documents.map((document) => (
          <li>
            <a href={document.href} download aria-label={t('documents.public.download', { title: document.title, format: document.format, size: document.size })}>
              {document.title}
            </a>{' '}
            <DocumentMeta t={t} document={document} />
          </li>
        ))}
      </ul>
    </section>
  );
}
