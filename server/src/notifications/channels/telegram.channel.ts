import Type, { type Static } from 'typebox';
import { failed, guardSend, sent, type Channel, type OutboundMessage, type SendContext, type SendResult } from '../channel.ts';
import { classifyStatus, httpSend, tryJson } from '../http-send.ts';
import { escapeTelegramHtml, singleLine, stripControl, truncate } from '../text-safety.ts';

/**
 * Telegram Bot API, `POST {apiBase}/bot<token>/sendMessage`. `apiBase` is configurable for a
 * local Bot API server (and for the loopback tests). The token is part of the URL, so no error
 * message here ever includes the URL.
 */

export const telegramConfigSchema = Type.Object(
  {
    botToken: Type.String({ pattern: '^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$' }),
    apiBase: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
    /** HTML: bold subject and clickable links (content escaped); plain: text as is. */
    parseMode: Type.Optional(Type.Union([Type.Literal('HTML'), Type.Literal('plain')])),
    /** Send info/low messages silently (no sound on the phone). */
    silentBelowMedium: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TelegramConfig = Static<typeof telegramConfigSchema>;

const MAX_TEXT = 4096; // Telegram's limit for one message, in UTF-16 units after entity parsing

/** A numeric chat id (groups are negative) or a public @channelname. */
function validateAddress(to: string): string | null {
  return /^-?[0-9]{1,20}$/.test(to) || /^@[A-Za-z][A-Za-z0-9_]{4,31}$/.test(to) ? null : 'is not a Telegram chat id (a number) or @channel name';
}

/** The text Telegram gets: the template's Telegram-HTML when present, else built from the plain text. */
export function telegramBody(msg: OutboundMessage, html: boolean): string {
  if (!html) return truncate(stripControl(`${singleLine(msg.subject)}\n\n${msg.text}`), MAX_TEXT);
  if (msg.telegramHtml) return truncate(msg.telegramHtml, MAX_TEXT); // cut inside a tag is possible; see README
  const body = `<b>${escapeTelegramHtml(singleLine(msg.subject))}</b>\n\n${escapeTelegramHtml(stripControl(msg.text))}`;
  return truncate(body, MAX_TEXT);
}

interface TelegramAnswer {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  result?: { message_id?: number };
}

async function send(msg: OutboundMessage, c: TelegramConfig, ctx: SendContext): Promise<SendResult> {
  const bad = validateAddress(msg.to);
  if (bad) return failed('bad-address', `${msg.to.slice(0, 40)} ${bad}`, false);
  const html = (c.parseMode ?? 'HTML') === 'HTML';
  const payload: Record<string, unknown> = {
    chat_id: /^-?[0-9]+$/.test(msg.to) ? Number(msg.to) : msg.to,
    text: telegramBody(msg, html),
    link_preview_options: { is_disabled: true },
  };
  if (html) payload.parse_mode = 'HTML';
  if (c.silentBelowMedium && (msg.severity === 'info' || msg.severity === 'low')) payload.disable_notification = true;
  const base = (c.apiBase ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const out = await httpSend(
    { url: `${base}/bot${c.botToken}/sendMessage`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
    ctx,
  );
  if (out.kind === 'failed') return out.result;
  const a = tryJson(out.body) as TelegramAnswer | undefined;
  if (out.status >= 200 && out.status < 300 && a?.ok) return sent(a.result?.message_id !== undefined ? String(a.result.message_id) : null);
  const desc = singleLine(a?.description ?? '').slice(0, 200);
  const code = a?.error_code ?? out.status;
  if (code === 429) {
    const s = a?.parameters?.retry_after;
    return failed('rate-limited', `Telegram rate limit: ${desc || 'Too Many Requests'}`, true, typeof s === 'number' ? s * 1000 : undefined);
  }
  // The chat does not exist, the bot was removed, or the user blocked it: the contact detail is
  // dead until someone fixes it, which is what a roll call needs to show.
  if (code === 400 && /chat not found|user not found|chat_id is empty|group chat was upgraded/i.test(desc)) return failed('bounced', `Telegram: ${desc}`, false);
  if (code === 403) return failed('bounced', `Telegram: ${desc || 'forbidden'}`, false);
  if (code === 401 || code === 404) return failed('auth', `Telegram rejected the bot token (${code})`, false);
  return classifyStatus(out.status >= 300 ? out.status : code >= 400 ? code : 502, out.headers, desc, 'Telegram');
}

export const telegramChannel: Channel<TelegramConfig> = {
  kind: 'telegram',
  configSchema: telegramConfigSchema,
  addressHelp: 'a Telegram chat id (e.g. -1001234567890) or @channelname',
  validateAddress,
  send: (msg, config, ctx) => guardSend(() => send(msg, config, ctx), ctx.signal),
};
