import { randomUUID } from 'node:crypto';
import { configIssues, failed, type Channel, type OutboundMessage, type SendResult } from './channel.ts';
import { channelFor } from './channel-registry.ts';
import { escapeHtml, singleLine } from './text-safety.ts';

/**
 * "Send a test": one synchronous send through the channel, bypassing the outbox, so an
 * administrator (or a user checking their own address) sees at once whether the relay, token
 * or URL works. The outcome is the channel's classified SendResult plus the time it took;
 * nothing here throws for the channel's misbehaviour.
 */

export interface TestSendOutcome {
  ok: boolean;
  code?: string;
  error?: string;
  retryable?: boolean;
  providerId?: string;
  durationMs: number;
}

const TEXTS = {
  vi: {
    subject: (name: string) => `[Vigil] Thư thử kênh thông báo "${name}"`,
    body: (name: string, who: string) =>
      `Đây là thư thử do ${who} gửi qua kênh "${name}" của hệ thống Vigil.\nNếu đồng chí nhận được thư này, kênh thông báo đang hoạt động bình thường. Không cần trả lời.`,
  },
  en: {
    subject: (name: string) => `[Vigil] Test message from channel "${name}"`,
    body: (name: string, who: string) => `This is a test sent by ${who} through the Vigil channel "${name}".\nIf you received it, the channel works. No reply is needed.`,
  },
} as const;

export function testMessage(channelName: string, to: string, requestedBy: string, locale: 'vi' | 'en' = 'vi'): OutboundMessage {
  const t = TEXTS[locale];
  const name = singleLine(channelName).slice(0, 100);
  const text = t.body(name, singleLine(requestedBy).slice(0, 100));
  return {
    id: randomUUID(),
    to,
    subject: t.subject(name),
    text,
    html: `<!doctype html><html><head><meta charset="utf-8"></head><body><p>${escapeHtml(text).replace(/\n/g, '<br>')}</p></body></html>`,
    severity: 'info',
  };
}

function outcome(r: SendResult, durationMs: number): TestSendOutcome {
  if (r.ok) return { ok: true, ...(r.providerId ? { providerId: r.providerId } : {}), durationMs };
  return { ok: false, code: r.code, error: r.error, retryable: r.retryable, durationMs };
}

export async function sendTest(kind: string, config: Record<string, unknown>, msg: OutboundMessage, timeoutMs: number): Promise<TestSendOutcome> {
  const started = performance.now();
  const channel: Channel<unknown> | null = channelFor(kind);
  if (!channel) return outcome(failed('bad-config', `unknown channel kind ${kind}`, false), 0);
  const issues = configIssues(channel.configSchema, config);
  if (issues.length) return outcome(failed('bad-config', `channel configuration: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, false), 0);
  const abort = new AbortController();
  // The channel honours timeoutMs; the hard stop is for one that does not.
  let timer: NodeJS.Timeout | undefined;
  const hardStop = new Promise<SendResult>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(failed('timeout', `no answer within ${timeoutMs} ms`, true));
    }, timeoutMs + 2000);
  });
  try {
    const r = await Promise.race([channel.send(msg, config, { signal: abort.signal, timeoutMs }), hardStop]);
    return outcome(r, Math.round(performance.now() - started));
  } finally {
    clearTimeout(timer);
  }
}
