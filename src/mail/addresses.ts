// Where mail for a consultation goes. Kept apart from the pipeline so that pages can name the
// address without loading the mail reader.

/** The intake address of a consultation: `<intake_local or slug>@<MAIL_DOMAIN>`. */
export function intakeAddress(consultation: { slug: string; intake_local: string | null }, mailDomain: string): string {
  return `${consultation.intake_local ?? consultation.slug}@${mailDomain}`.toLowerCase();
}

/** The office's general address: mail to it is matched to a consultation by its subject, or left for an officer to sort. */
export function generalAddress(mailDomain: string): string {
  return `yijian@${mailDomain}`.toLowerCase();
}
