// Invitations and reminders to units, as text. Pure: the caller looks everything up and queues
// the result (./invitations.ts). Plain text, because that is what every government mail client
// shows the same way, and because replies quote it back to us.
import type { ComposedMail } from '../mail/outbox.ts';
import { translator } from '../lib/i18n.ts';
import { formatDateTime, type Locale } from '../lib/time.ts';

export interface UnitMailInput {
  locale: Locale;
  unitName: string;
  title: string;
  /** The drafting office as the draft names it, e.g. 区发改委; null if unknown. */
  issuer: string | null;
  /** The public page of the draft. */
  url: string;
  closesAt: Date;
  /** Where replies are read: <intake_local or slug>@MAIL_DOMAIN. */
  replyAddress: string;
  /** How a paragraph is named in this draft, for the example: 第4项, 第五条. */
  example: string;
  /** 余峣 0798-8389957, or null. */
  contact: string | null;
  /** The supporting documents (起草说明 first) with their public download addresses. */
  documents?: { title: string; url: string }[];
}

/** The supporting documents, a line each, under their heading; nothing when there are none. */
function documentLines(input: UnitMailInput): string[] {
  const t = translator(input.locale);
  if (!input.documents?.length) return [];
  return ['', t('documents.mail.heading'), ...input.documents.map((d) => t('documents.mail.line', { title: d.title, url: d.url }))];
}

export interface InvitationInput extends UnitMailInput {
  /** Blocks naming the unit as lead / support (references such as 第4项). */
  leadIn: string[];
  supportIn: string[];
}

const MAX_REFERENCES = 8;

/** 第2项、第3项、第4项 — or the first eight and the total. */
export function referenceList(references: string[], locale: Locale): string {
  const t = translator(locale);
  const shown = references.slice(0, MAX_REFERENCES).join(t('departments.mail.referenceSeparator'));
  return references.length > MAX_REFERENCES ? t('departments.mail.referencesMore', { list: shown, count: references.length }) : shown;
}

function closing(input: UnitMailInput): string[] {
  const t = translator(input.locale);
  return [
    ...(input.contact ? ['', t('departments.mail.contact', { contact: input.contact })] : []),
    '',
    '--',
    input.issuer ? t('departments.mail.footer', { issuer: input.issuer }) : t('departments.mail.footer.noIssuer'),
  ];
}

/** The letter asking a unit for its views: link, deadline, reply address and how to reply. */
export function invitationMail(input: InvitationInput): ComposedMail {
  const t = translator(input.locale);
  const deadline = formatDateTime(input.closesAt, input.locale);
  const lines = [
    t('departments.mail.greeting', { unit: input.unitName }),
    '',
    input.issuer ? t('departments.invite.intro', { issuer: input.issuer, title: input.title }) : t('departments.invite.intro.noIssuer', { title: input.title }),
  ];
  if (input.leadIn.length) lines.push(t('departments.invite.lead', { references: referenceList(input.leadIn, input.locale) }));
  if (input.supportIn.length) lines.push(t('departments.invite.support', { references: referenceList(input.supportIn, input.locale) }));
  lines.push(
    '',
    t('departments.mail.link', { url: input.url }),
    t('departments.mail.deadline', { deadline }),
    ...documentLines(input),
    '',
    t('departments.invite.how', { reply: input.replyAddress }),
    t('departments.invite.how.reference', { example: input.example }),
    t('departments.invite.how.general'),
    t('departments.invite.how.none'),
    t('departments.invite.how.attachment'),
    t('departments.invite.web'),
    ...closing(input),
  );
  return {
    subject: t('departments.invite.subject', { title: input.title, deadline: formatDateTime(input.closesAt, input.locale) }),
    text: `${lines.join('\n')}\n`,
    headers: { 'Reply-To': input.replyAddress },
  };
}

/** The reminder to a unit that has not answered yet. */
export function reminderMail(input: UnitMailInput): ComposedMail {
  const t = translator(input.locale);
  const deadline = formatDateTime(input.closesAt, input.locale);
  const lines = [
    t('departments.mail.greeting', { unit: input.unitName }),
    '',
    t('departments.remind.intro', { title: input.title, deadline }),
    '',
    t('departments.remind.how', { reply: input.replyAddress, example: input.example }),
    '',
    t('departments.mail.link', { url: input.url }),
    t('departments.mail.deadline', { deadline }),
    ...closing(input),
  ];
  return {
    subject: t('departments.remind.subject', { title: input.title, deadline }),
    text: `${lines.join('\n')}\n`,
    headers: { 'Reply-To': input.replyAddress },
  };
}
