import type { Channel, ChannelKind } from './channel.ts';
import { emailChannel } from './channels/email.channel.ts';
import { smsChannel } from './channels/sms.channel.ts';
import { slackChannel } from './channels/slack.channel.ts';
import { teamsChannel } from './channels/teams.channel.ts';
import { telegramChannel } from './channels/telegram.channel.ts';
import { webhookChannel } from './channels/webhook.channel.ts';

/** Every delivery channel, by kind. The dispatcher looks channels up here and nowhere else. */
export const CHANNELS: Readonly<Record<ChannelKind, Channel<unknown>>> = {
  email: emailChannel as Channel<unknown>,
  telegram: telegramChannel as Channel<unknown>,
  webhook: webhookChannel as Channel<unknown>,
  slack: slackChannel as Channel<unknown>,
  teams: teamsChannel as Channel<unknown>,
  sms: smsChannel as Channel<unknown>,
};

export function channelFor(kind: string): Channel<unknown> | null {
  return Object.hasOwn(CHANNELS, kind) ? CHANNELS[kind as ChannelKind] : null;
}
