// Supporting documents: the office's page (list, upload, remove, its own download) mounted at
// /office/consultations/:slug/documents, and the public download mounted at /consultations/:slug.
// Every download is an attachment with a harmless type and nosniff (src/http/download.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, officeContext, setFlash, takeFlash } from '../auth/office.ts';
import { storedBytes } from '../db/files.ts';
import type { Consultation, ConsultationDocument } from '../db/schema.ts';
import { listVersions } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { consultationOf } from '../http/consultation.ts';
import { type AppContext, type AppEnv, routeParam } from '../http/context.ts';
import { cleanFilename, downloadHeaders } from '../http/download.ts';
import { limitBody } from '../http/body-limit.ts';
import { AppError } from '../http/errors.ts';
import { type FormValues, officeForm, oneOf, positiveInt, text } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { fileErrorText } from '../lib/file-errors.ts';
import type { DocumentFormValues, DocumentsPageView } from '../../views/documents/models.ts';
import { DocumentsPage } from '../../views/documents/office.tsx';
import type { FieldErrors } from '../../views/shared/kit.tsx';
import { DOCUMENT_MAX_BYTES } from './check.ts';
import { type AttachRefusal, attachDocument, MAX_DOCUMENTS, removeDocument } from './commands.ts';
import { documentVersionLabel, presentOfficeDocument } from './present.ts';
import { findDocument, findPublishedDocument, listDocuments } from './store.ts';

/** A little more than the file itself: the form's other fields and the multipart framing. */
const MAX_REQUEST_BYTES = DOCUMENT_MAX_BYTES + 512 * 1024;

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

const documentForm = z.object({
  /** A file input left empty still sends a nameless, empty file. */
  file: z.preprocess((v) => {
    const file = single(v);
    return file instanceof File && (file.size > 0 || file.name) ? file : null;
  }, z.instanceof(File).nullable()),
  title: text(200, 'documents.error.titleTooLong'),
  kind: oneOf(['explanation', 'other'] as const),
  textVersion: z.preprocess((v) => positiveInt(typeof single(v) === 'string' ? (single(v) as string) : null), z.number().nullable()),
});

const EMPTY_VALUES: DocumentFormValues = { title: '', kind: 'explanation', textVersion: '' };

function typedValues(values: FormValues): DocumentFormValues {
  return { title: values.title ?? '', kind: values.kind === 'other' ? 'other' : 'explanation', textVersion: values.textVersion ?? '' };
}

function refusalText(c: AppContext, refusal: AttachRefusal): string {
  const t = c.var.t;
  switch (refusal.code) {
    case 'unreadable':
      return t('documents.error.unreadable', { detail: fileErrorText(t, refusal.params.format, refusal.params.why, refusal.params.entry) });
    case 'fileTooLarge':
    case 'tooMany':
    case 'titleTooLong':
    case 'versionUnknown':
      return t(`documents.error.${refusal.code}`, refusal.params);
    default:
      return t(`documents.error.${refusal.code}`);
  }
}

async function renderDocuments(c: AppContext, row: Consultation, form: { values?: DocumentFormValues; errors?: FieldErrors } = {}, status: 200 | 413 | 422 = 200) {
  const { db, clock } = c.var.services;
  const { t } = c.var;
  const [documents, versions] = await Promise.all([listDocuments(db, row.id), listVersions(db, row.id)]);
  const current = versions.find((v) => v.id === row.current_version_id);
  const values = form.values ?? EMPTY_VALUES;
  const view: DocumentsPageView = {
    slug: row.slug,
    title: row.title,
    phase: consultationWindow(row).phase(clock()),
    published: row.state === 'published',
    documents: documents.map((d) => presentOfficeDocument(d, row.slug, c.var.locale, row.current_version_id, t)),
    // The current version unless the officer chose another (a revision being prepared, an earlier round).
    values: { ...values, textVersion: values.textVersion || String(current?.number ?? '') },
    versions: versions.map((v) => ({ number: v.number, label: documentVersionLabel(v, row.current_version_id, t) })),
    limits: { mb: DOCUMENT_MAX_BYTES / 1024 / 1024, max: MAX_DOCUMENTS },
  };
  return page(c, <DocumentsPage ctx={await officeContext(c)} view={view} errors={form.errors ?? {}} flash={takeFlash(c)} />, status);
}

async function download(c: AppContext, document: ConsultationDocument | undefined) {
  if (!document) throw new AppError(404, 'not_found', c.var.t('documents.error.notFound'));
  const bytes = await storedBytes(c.var.services.files, document.content, document.content_key);
  if (!bytes) throw new AppError(404, 'not_found', c.var.t('documents.error.notFound'));
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, downloadHeaders(cleanFilename(document.filename, `document-${document.id}`), document.content_type));
}

/** The office's page, mounted at /office/consultations/:slug/documents. */
export const officeDocumentRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.office), async (c) => renderDocuments(c, consultationOf(c)))

  .post(
    '/',
    requireRole(...ROLES.office),
    limitBody(MAX_REQUEST_BYTES, (c) => c.var.t('documents.error.requestTooLarge', { mb: Math.round(MAX_REQUEST_BYTES / 1024 / 1024) })),
    async (c) => {
      const row = consultationOf(c);
      const form = await officeForm(c, documentForm);
      const values = typedValues(form.values);
      if (!form.ok) return renderDocuments(c, row, { values, errors: form.errors }, 422);
      const { file } = form.data;
      const result = await attachDocument(c.var.services, {
        consultation: row,
        file: file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null,
        title: form.data.title,
        kind: form.data.kind,
        versionNumber: form.data.textVersion,
        actor: actorOf(c),
      });
      if (!result.ok) {
        const field = result.code === 'titleTooLong' ? 'title' : result.code === 'versionUnknown' ? 'textVersion' : 'file';
        return renderDocuments(c, row, { values, errors: { [field]: refusalText(c, result) } }, 422);
      }
      c.var.services.consultationChanged(row.slug);
      setFlash(c, c.var.t('documents.attached', { title: result.title }));
      return c.redirect(`/office/consultations/${encodeURIComponent(row.slug)}/documents`, 303);
    },
  )

  .get('/:id', requireRole(...ROLES.office), async (c) => {
    const id = positiveInt(c.req.param('id'));
    return download(c, id ? await findDocument(c.var.services.db, consultationOf(c).id, id) : undefined);
  })

  .post('/:id/remove', requireRole(...ROLES.office), async (c) => {
    const row = consultationOf(c);
    await officeForm(c, z.object({}));
    const id = positiveInt(c.req.param('id'));
    const result = id ? await removeDocument(c.var.services, { consultation: row, documentId: id, actor: actorOf(c) }) : ({ ok: false, code: 'notFound' } as const);
    if (!result.ok) throw new AppError(404, 'not_found', c.var.t('documents.error.notFound'));
    c.var.services.consultationChanged(row.slug);
    setFlash(c, c.var.t('documents.removed', { title: result.title }));
    return c.redirect(`/office/consultations/${encodeURIComponent(row.slug)}/documents`, 303);
  });

/** The public download, mounted at /consultations/:slug: only once the consultation and the document's version are published. */
export const publicDocumentRoutes = new Hono<AppEnv>().get('/documents/:id', async (c) => {
  const { services, t } = c.var;
  const known = await services.consultations.get(routeParam(c, 'slug'), services.clock());
  if (!known || known.consultation.state !== 'published') throw new AppError(404, 'not_found', t('error.notFound.consultation'));
  const id = positiveInt(c.req.param('id'));
  return download(c, id ? await findPublishedDocument(services.db, known.consultation.id, id) : undefined);
});
