import type { AlertGroupWithNames } from '../repositories/alert-group.repository.ts';
import type { Severity } from '../notifications/channel.ts';

/** Alert groups and their parts as the API shows them (contracts/alert.schema.ts). */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toGroupDto(g: AlertGroupWithNames) {
  return {
    id: g.id, status: g.status, severity: g.severity as Severity, kind: g.kind, source: g.source, title: g.title, groupKey: g.group_key,
    agencyId: g.agency_id, agencyName: g.agency_name, systemId: g.system_id, systemName: g.system_name, monitorId: g.monitor_id,
    policyId: g.policy_id, policyName: g.policy_name, alertCount: g.alert_count, openCount: g.open_count,
    openedAt: g.opened_at.toISOString(), lastAlertAt: g.last_alert_at.toISOString(), acknowledgedAt: iso(g.acknowledged_at), acknowledgedBy: g.acknowledged_by_name,
    resolvedAt: iso(g.resolved_at), assigneeId: g.assignee_id, assigneeName: g.assignee_name, snoozedUntil: iso(g.snoozed_until),
    nextEscalationAt: iso(g.next_escalation_at), escalationStep: g.escalation_step, escalationRound: g.escalation_round,
  };
}

export function toMemberDto(m: {
  id: string; kind: string; severity: string; status: string; source: string; summary: string; opened_at: Date; resolved_at: Date | null; occurrences: number;
  monitor_id: string | null; system_id: string | null; system_name: string | null; agency_id: string | null; agency_name: string | null;
}) {
  return {
    id: m.id, kind: m.kind, severity: m.severity, status: m.status, source: m.source, summary: m.summary, openedAt: m.opened_at.toISOString(), resolvedAt: iso(m.resolved_at),
    occurrences: m.occurrences, monitorId: m.monitor_id, systemId: m.system_id, systemName: m.system_name, agencyId: m.agency_id, agencyName: m.agency_name,
  };
}

export function toEventDto(e: { id: number; at: Date; type: string; actor_name: string | null; actor_label: string | null; text: string | null; data: Record<string, unknown> }) {
  return { id: Number(e.id), at: e.at.toISOString(), type: e.type, actorName: e.actor_name ?? e.actor_label, text: e.text, data: e.data ?? {} };
}

export function toDeliveryDto(d: {
  id: string; template: string; recipient: string; recipient_name: string | null; channel_name: string; channel_kind: string; status: string; attempts: number;
  created_at: Date; next_attempt_at: Date; sent_at: Date | null; last_error: string | null; last_code: string | null;
}) {
  return {
    id: d.id, template: d.template, recipient: d.recipient, recipientName: d.recipient_name, channelName: d.channel_name, channelKind: d.channel_kind, status: d.status,
    attempts: d.attempts, createdAt: d.created_at.toISOString(), nextAttemptAt: d.next_attempt_at.toISOString(), sentAt: iso(d.sent_at), lastError: d.last_error, lastCode: d.last_code,
  };
}
