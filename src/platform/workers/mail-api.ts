// Outgoing mail on Workers: the outbox's transport over an HTTP mail API. Workers cannot open SMTP
// to a relay of our choosing, and Cloudflare's own send_email binding (Email Routing) delivers
// only to addresses verified in the account, while acknowledgements and outcomes go to any
// citizen who wrote. So the transport speaks one widely used JSON mail API — Resend's
// (POST /emails, Bearer key, an Idempotency-Key header) — at MAIL_API_URL. The outbox stays the
// same: claims, leases, back-off and the failed list are the core's (src/mail/delivery.ts).
//
// The Idempotency-Key is the outbox row's Message-ID, so a retry after the provider accepted a
// message (a lost response, an isolate stopped mid-send) is dropped by the provider instead of
// sent twice; delivery stays at least once, and a duplicate needs a retry more than a day later.
import { DeliveryError, type MailToSend, type MailTransport } from '../../mail/delivery.ts';

export interface MailApiOptions {
  /** The endpoint, e.g. https://api.resend.com/emails. */
  url: string;
  apiKey: string;
  /** Injected so that a test's fake server (or a service binding) can stand behind it. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Milliseconds before an attempt is abandoned (and retried later). Default 15 s. */
  timeoutMs?: number;
}

/** The JSON body the API takes for one message. */
export function mailApiBody(mail: MailToSend): Record<string, unknown> {
  const headers: Record<string, string> = { ...mail.headers, 'Message-ID': mail.messageId };
  if (mail.inReplyTo) headers['In-Reply-To'] = mail.inReplyTo;
  if (mail.references) headers['References'] = mail.references;
  return {
    from: mail.from,
    to: mail.to
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean),
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
    headers,
  };
}

export function mailApiTransport(options: MailApiOptions): MailTransport {
  const send = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const host = new URL(options.url).host;
  return {
    description: `mail API at ${host}`,
    async send(mail) {
      let response: Response;
      try {
        response = await send(options.url, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': mail.messageId.replace(/^<|>$/g, ''),
          },
          body: JSON.stringify(mailApiBody(mail)),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new DeliveryError(`${host}: ${error instanceof Error ? error.message : String(error)}`, false);
      }
      const text = await response.text();
      if (response.ok) {
        let id = '';
        try {
          id = String((JSON.parse(text) as { id?: unknown }).id ?? '');
        } catch {
          // A 2xx without the JSON we expect still means accepted.
        }
        return { deliveredTo: `${host}${id ? ` id=${id}` : ''}` };
      }
      // 400 and 422: the API refuses this message as it is (an invalid address, a bad field), and
      // will refuse it again. Anything else — 401/403 (a key an administrator can fix), 409 (the
      // same key in flight), 429, 5xx — may pass later.
      const permanent = response.status === 400 || response.status === 422;
      throw new DeliveryError(`${host}: ${response.status} ${text.slice(0, 300)}`, permanent);
    },
  };
}
