import Type, { type Static } from 'typebox';
import { failed, guardSend, type Channel, type OutboundMessage, type SendContext, type SendResult, type Severity } from '../channel.ts';
import { checkHttpUrl, classifyStatus, httpSend } from '../http-send.ts';
import { isHttpUrl, singleLine, stripControl, truncate } from '../text-safety.ts';

/**
 * Slack incoming webhook: `text` (the notification/fallback line) plus Block Kit blocks.
 * Slack's mrkdwn treats &, < and > as control characters (`<url|label>`, `<!channel>`), so
 * content is escaped; otherwise a page title could ping @channel or hide a link.
 */

export const slackConfigSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }),
  },
  { additionalProperties: false },
);
export type SlackConfig = Static<typeof slackConfigSchema>;

export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ICON: Record<Severity, string> = { info: ':information_source:', low: ':large_blue_circle:', medium: ':large_yellow_circle:', high: ':large_orange_circle:', critical: ':red_circle:' };

export function slackPayload(msg: OutboundMessage): Record<string, unknown> {
  const subject = singleLine(msg.subject);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(subject, 150), emoji: true } },
    // Section text is limited to 3000 characters by Slack.
    { type: 'section', text: { type: 'mrkdwn', text: truncate(escapeSlack(stripControl(msg.text)), 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${ICON[msg.severity]} ${msg.severity.toUpperCase()} · Vigil` }] },
  ];
  const buttons: Record<string, unknown>[] = [];
  if (msg.links?.ack && isHttpUrl(msg.links.ack)) buttons.push({ type: 'button', style: 'primary', text: { type: 'plain_text', text: 'Xác nhận / Acknowledge' }, url: msg.links.ack, action_id: 'vigil_ack' });
  if (msg.links?.view && isHttpUrl(msg.links.view)) buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Xem / View' }, url: msg.links.view, action_id: 'vigil_view' });
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: escapeSlack(subject), blocks };
}

async function send(msg: OutboundMessage, c: SlackConfig, ctx: SendContext): Promise<SendResult> {
  const bad = checkHttpUrl(c.url);
  if (bad) return failed('bad-config', `Slack webhook URL ${bad}`, false);
  const out = await httpSend({ url: c.url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(slackPayload(msg)), maxResponseBytes: 4096 }, ctx);
  if (out.kind === 'failed') return out.result;
  // Slack answers 200 "ok"; errors are 4xx with a short code (invalid_payload, no_service, channel_is_archived…).
  if (out.status === 410 || /channel_is_archived|channel_not_found/.test(out.body)) return failed('bounced', `Slack: ${out.body.slice(0, 100)}`, false);
  return classifyStatus(out.status, out.headers, out.body, 'Slack');
}

export const slackChannel: Channel<SlackConfig> = {
  kind: 'slack',
  configSchema: slackConfigSchema,
  addressHelp: 'not used: the incoming-webhook URL is part of the channel configuration',
  validateAddress: () => null,
  send: (msg, config, ctx) => guardSend(() => send(msg, config, ctx), ctx.signal),
};
