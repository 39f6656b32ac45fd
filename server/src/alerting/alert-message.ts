import type { Delivery } from '../services/notification-outbox.service.ts';
import type { Severity } from '../notifications/channel.ts';
import { outboundFor, renderMessage } from '../notifications/templates/render-message.ts';
import type { Locale, MessageTemplate, TemplateKey } from '../notifications/templates/template-fields.ts';
import type { Target } from './recipient-plan.ts';

/** What a message about an alert group says, before it is addressed to anyone. */
export interface GroupMessageFacts {
  groupId: string;
  title: string;
  summary: string;
  severity: Severity;
  systemName: string | null;
  agencyName: string | null;
  openedAt: Date;
  alertCount: number;
  resolvedAt?: Date | null;
}

export interface MessageContext {
  key: TemplateKey;
  facts: GroupMessageFacts;
  viewLink: string;
  /** The signed link for one recipient. */
  ackLink(target: Target): string;
  level?: number;
  unackedMinutes?: number;
  previousRecipients?: string;
  organization: string;
  templateFor(key: TemplateKey, locale: Locale): MessageTemplate | undefined;
}

function duration(from: Date, to: Date): string {
  const min = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  return min < 60 ? `${min} phút` : `${Math.floor(min / 60)} giờ ${min % 60} phút`;
}

/** One outbox delivery per target, rendered in the target's language. */
export function deliveriesFor(targets: readonly Target[], m: MessageContext): Delivery[] {
  const f = m.facts;
  const many = f.alertCount > 1;
  return targets.map((t) => {
    const ackLink = m.key === 'alert.resolved' ? '' : m.ackLink(t);
    const rendered = renderMessage({
      key: m.key,
      locale: t.locale,
      severity: f.severity,
      custom: m.templateFor(m.key, t.locale),
      data: {
        recipientName: t.name,
        organization: m.organization,
        alertId: f.groupId,
        title: many ? (t.locale === 'en' ? `${f.alertCount} alerts: ${f.title}` : `${f.alertCount} cảnh báo: ${f.title}`) : f.title,
        systemName: f.systemName ?? (many ? (t.locale === 'en' ? `${f.alertCount} systems` : `${f.alertCount} hệ thống`) : '—'),
        agencyName: f.agencyName ?? (t.locale === 'en' ? 'several agencies' : 'nhiều đơn vị'),
        summary: f.summary,
        occurredAt: f.openedAt,
        ackLink,
        viewLink: m.viewLink,
        step: m.level,
        unackedMinutes: m.unackedMinutes,
        previousRecipients: m.previousRecipients,
        resolvedAt: f.resolvedAt ?? undefined,
        duration: f.resolvedAt ? duration(f.openedAt, f.resolvedAt) : undefined,
      },
    });
    const msg = outboundFor(t.channelKind, rendered, { id: '', to: t.address, severity: f.severity, links: { ...(ackLink ? { ack: ackLink } : {}), view: m.viewLink }, meta: { groupId: f.groupId } });
    const { id: _id, to: _to, ...payload } = msg;
    return {
      channelId: t.channelId,
      recipient: t.address,
      userId: t.userId,
      template: m.key,
      payload,
      ...(t.notBefore ? { notBefore: t.notBefore } : {}),
    };
  });
}
