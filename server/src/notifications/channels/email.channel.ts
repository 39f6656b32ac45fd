import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import nodemailer from 'nodemailer';
import Type, { type Static } from 'typebox';
import { guardedConnect } from '../../monitoring/net/guarded-connect.ts';
import { failed, guardSend, sent, type Channel, type OutboundAttachment, type OutboundMessage, type SendContext, type SendResult } from '../channel.ts';
import { singleLine } from '../text-safety.ts';

/**
 * E-mail over SMTP (nodemailer), one connection per message: the dispatcher sends few mails,
 * and a fresh connection never carries a stale state from an earlier failure.
 *
 * The Message-ID is derived from msg.id, so a retry after an ambiguous failure (the server took
 * the DATA but the connection dropped before "250") carries the same Message-ID, and receivers
 * or archives that dedupe on it show one mail.
 */

export const emailConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    /** Implicit TLS from the first byte (port 465). */
    secure: Type.Optional(Type.Boolean()),
    /** STARTTLS on a plain connection: required (fail without it), opportunistic, or never. */
    starttls: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('opportunistic'), Type.Literal('never')])),
    user: Type.Optional(Type.String({ maxLength: 320 })),
    pass: Type.Optional(Type.String({ maxLength: 1024 })),
    from: Type.String({ minLength: 3, maxLength: 320 }),
    /** Domain part of generated Message-IDs; defaults to the From address's domain. */
    messageIdDomain: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]{1,253}$' })),
    /** Verify the server's certificate (off only for an internal relay with a private CA not installed). */
    rejectUnauthorized: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EmailConfig = Static<typeof emailConfigSchema>;

// Deliberately simple: the MTA is the judge of deliverability; this only refuses what would
// break the envelope or a header (spaces, CR/LF, several @, missing parts).
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function validateAddress(to: string): string | null {
  if (to.length > 254) return 'e-mail address is too long';
  return EMAIL.test(to) ? null : 'is not a valid e-mail address';
}

/** `<id@domain>`: ids that are not plain tokens are hashed, so nothing unusual reaches a header. */
export function messageIdFor(id: string, domain: string): string {
  const local = /^[A-Za-z0-9._-]{1,100}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 40);
  return `<${local}.vigil@${domain}>`;
}

function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return m?.[1] ?? 'vigil.invalid';
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/**
 * SMTP's own retry semantics: 4xx is "try again later", 5xx is final. A 5xx answer to RCPT TO
 * (or an enhanced status 5.1.x) means the mailbox does not exist: 'bounced', so a roll call can
 * flag the contact's address as dead rather than the mail system as broken.
 */
export function classifySmtpError(e: unknown, timeoutMs: number): SendResult {
  const err = (e ?? {}) as SmtpError;
  const text = singleLine(err.response ?? err.message ?? String(e)).slice(0, 300);
  const rc = err.responseCode;
  if (err.code === 'EAUTH' || rc === 535 || rc === 534) return failed('auth', `SMTP authentication failed: ${text}`, false);
  if (rc && rc >= 400 && rc < 500) return failed('server-error', `SMTP ${rc} (temporary): ${text}`, true);
  if (rc && rc >= 500) {
    const mailbox = /RCPT/i.test(err.command ?? '') || /\b5\.1\.\d\b/.test(text);
    return failed(mailbox ? 'bounced' : 'rejected', `SMTP ${rc}: ${text}`, false);
  }
  if (err.code === 'ETIMEDOUT') return failed('timeout', `SMTP server did not answer within ${timeoutMs} ms`, true);
  if (err.code === 'EENVELOPE') return failed('bad-address', text, false);
  if (err.code === 'EPOLICY') return failed('policy', text, false);
  return failed('network', `${err.code ?? 'SMTP'}: ${text}`, true);
}

/** Decoded bytes of all attachments of one mail; relays commonly refuse 10 MB, base64 adds a third. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const MAX_ATTACHMENTS = 20;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

/**
 * A file name that is one harmless line: no path (a client saving "../../x" must not climb), no
 * quotes or separators that could end the header parameter, at most 150 characters with the
 * extension kept, never empty or hidden (leading dot).
 */
export function safeAttachmentName(name: string): string {
  const base = singleLine(name).replace(/[\\/:*?"<>|;]+/g, '_').replace(/^[.\s_]+/, '').trim();
  if (!base) return 'tep-dinh-kem';
  if (base.length <= 150) return base;
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(base)?.[0] ?? '';
  return base.slice(0, 150 - ext.length).replace(/[\ud800-\udbff]$/, '') + ext;
}

type MailAttachment = { filename: string; contentType: string; content: Buffer };

/**
 * Decoded, checked attachments, or the permanent failure: a message over the cap or with broken
 * base64 will be the same on every retry, so it goes dead at once instead of after N attempts.
 */
function mailAttachments(list: OutboundAttachment[] | undefined): MailAttachment[] | SendResult {
  if (list === undefined || list === null) return [];
  // The list comes back from the outbox's JSON payload: a wrong shape is a bug that a retry cannot fix.
  if (!Array.isArray(list) || list.some((a) => typeof a !== 'object' || a === null)) return failed('rejected', 'attachments must be a list of files', false);
  if (list.length > MAX_ATTACHMENTS) return failed('rejected', `too many attachments (${list.length}; at most ${MAX_ATTACHMENTS})`, false);
  const out: MailAttachment[] = [];
  let total = 0;
  for (const a of list) {
    const b64 = String(a.contentBase64 ?? '').replace(/\s+/g, '');
    // Refuse from the encoded length first, so an oversized payload is never decoded.
    if (total + Math.floor((b64.length * 3) / 4) - 2 > MAX_ATTACHMENT_BYTES) return tooBig();
    if (b64.length % 4 !== 0 || !BASE64.test(b64)) return failed('rejected', `attachment ${safeAttachmentName(String(a.filename ?? ''))} is not valid base64`, false);
    const content = Buffer.from(b64, 'base64');
    total += content.length;
    if (total > MAX_ATTACHMENT_BYTES) return tooBig();
    const type = String(a.contentType ?? '').trim();
    out.push({ filename: safeAttachmentName(String(a.filename ?? '')), contentType: MIME_TYPE.test(type) ? type : 'application/octet-stream', content });
  }
  return out;
}

const tooBig = () => failed('rejected', `attachments exceed ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, false);

async function send(msg: OutboundMessage, c: EmailConfig, ctx: SendContext): Promise<SendResult> {
  const bad = validateAddress(msg.to);
  if (bad) return failed('bad-address', `${msg.to.slice(0, 80)} ${bad}`, false);
  const attachments = mailAttachments(msg.attachments);
  if (!Array.isArray(attachments)) return attachments;
  if (ctx.signal.aborted) return failed('aborted', 'send aborted by the dispatcher', true);
  const budget = Math.max(1, ctx.timeoutMs);
  const starttls = c.starttls ?? 'opportunistic';
  const policy = ctx.addressPolicy;
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure ?? false,
    requireTLS: !c.secure && starttls === 'required',
    ignoreTLS: !c.secure && starttls === 'never',
    auth: c.user ? { user: c.user, pass: c.pass ?? '' } : undefined,
    connectionTimeout: budget,
    greetingTimeout: budget,
    socketTimeout: budget,
    dnsTimeout: budget,
    tls: { rejectUnauthorized: c.rejectUnauthorized ?? true, servername: c.host },
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(policy
      ? {
          // The policy checks every address the relay's name resolves to; nodemailer then speaks
          // SMTP (and TLS, when secure) over the socket we opened to the approved address.
          getSocket: (_o: unknown, cb: (err: Error | null, s?: { connection: Socket }) => void) => {
            guardedConnect({ host: c.host, port: c.port, policy, signal: ctx.signal, timeoutMs: budget }).then(
              (g) => cb(null, { connection: g.socket }),
              (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
            );
          },
        }
      : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);

  const headers: Record<string, string> = {
    'X-Vigil-Delivery': singleLine(msg.id).slice(0, 200),
    'X-Vigil-Severity': msg.severity,
    // RFC 3834: out-of-office robots must not answer alert mail (and start a mail loop).
    'Auto-Submitted': 'auto-generated',
  };
  const mail = {
    from: c.from,
    to: msg.to,
    subject: singleLine(msg.subject).slice(0, 250),
    text: msg.text,
    ...(msg.html ? { html: msg.html } : {}),
    ...(attachments.length ? { attachments } : {}),
    messageId: messageIdFor(msg.id, c.messageIdDomain ?? domainOf(c.from)),
    priority: msg.severity === 'critical' || msg.severity === 'high' ? ('high' as const) : ('normal' as const),
    headers,
    textEncoding: 'base64' as const,
  };

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // nodemailer has no AbortSignal: race it against our deadline and the dispatcher's signal, and
  // close the transport so the socket does not outlive the send.
  const stop = new Promise<SendResult>((resolve) => {
    timer = setTimeout(() => resolve(failed('timeout', `SMTP send did not finish within ${budget} ms`, true)), budget + 50);
    onAbort = () => resolve(failed('aborted', 'send aborted by the dispatcher', true));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const work = transport.sendMail(mail).then(
      (info: { messageId?: string; rejected?: unknown[] }) =>
        info.rejected && info.rejected.length ? failed('bounced', `recipient rejected: ${msg.to}`, false) : sent(info.messageId ?? mail.messageId),
      (e: unknown) => classifySmtpError(e, budget),
    );
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
    transport.close();
  }
}

export const emailChannel: Channel<EmailConfig> = {
  kind: 'email',
  configSchema: emailConfigSchema,
  addressHelp: 'an e-mail address, e.g. truc.ban@soyte.gov.vn',
  validateAddress,
  send: (msg, config, ctx) => guardSend(() => send(msg, config, ctx), ctx.signal),
};
