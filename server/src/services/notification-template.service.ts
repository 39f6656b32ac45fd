import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { assertCanAdministerNotifications } from '../domain/notification-access.ts';
import type { Clock } from '../io/clock.ts';
import type { Severity } from '../notifications/channel.ts';
import { smsLength } from '../notifications/sms-encoding.ts';
import { DEFAULT_TEMPLATES } from '../notifications/templates/default-templates.ts';
import { renderMessage, type TemplateValue } from '../notifications/templates/render-message.ts';
import { LOCALES, TEMPLATE_FIELDS, TEMPLATE_KEYS, type Locale, type MessageTemplate, type TemplateKey } from '../notifications/templates/template-fields.ts';
import { validateTemplate } from '../notifications/templates/template-renderer.ts';
import { NotificationTemplateRepository } from '../repositories/notification-template.repository.ts';
import type { AuditService } from './audit.service.ts';

const defaultRepo = new NotificationTemplateRepository();

const isKey = (k: string): k is TemplateKey => (TEMPLATE_KEYS as readonly string[]).includes(k);
const isLocale = (l: string): l is Locale => (LOCALES as readonly string[]).includes(l);

function asTemplate(key: TemplateKey, raw: Record<string, unknown> | null | undefined): MessageTemplate | undefined {
  if (!raw) return undefined;
  const t = { subject: raw.subject, body: raw.body, sms: raw.sms } as MessageTemplate;
  // Stored overrides were validated when saved; one that no longer passes (a field removed from
  // the whitelist since) falls back to the built-in text rather than rendering half a message.
  return validateTemplate(key, t).length === 0 ? t : undefined;
}

/**
 * The administrator's override of a message template, or undefined when the built-in text
 * applies. For whoever renders messages: `renderMessage({ key, locale, …, custom: await
 * effectiveTemplate(trx, key, locale) })`.
 */
export async function effectiveTemplate(ex: Executor, key: TemplateKey, locale: Locale): Promise<MessageTemplate | undefined> {
  if (!isKey(key) || !isLocale(locale)) return undefined;
  return asTemplate(key, (await defaultRepo.get(ex, key, locale))?.template);
}

/** Example values for previews: a realistic outage of a provincial portal. */
export const SAMPLE_DATA: Readonly<Record<string, TemplateValue>> = {
  recipientName: 'Nguyễn Văn An',
  organization: 'Sở Thông tin và Truyền thông',
  alertId: '3f1c2a9e-0000-4000-8000-000000000001',
  title: 'Cổng thông tin điện tử tỉnh không truy cập được',
  systemName: 'Cổng thông tin điện tử tỉnh',
  agencyName: 'Văn phòng UBND tỉnh',
  summary: 'HTTP 503 từ 3 điểm đo trong 5 phút liên tiếp',
  occurredAt: new Date('2026-09-02T01:15:00Z'),
  ackLink: 'https://vigil.example.gov.vn/ack/v1.sample',
  viewLink: 'https://vigil.example.gov.vn/alerts/sample',
  step: '2',
  unackedMinutes: '15',
  previousRecipients: 'Trần Thị Bình (trực ca)',
  resolvedAt: new Date('2026-09-02T01:47:00Z'),
  duration: '32 phút',
  rollCallName: 'Kiểm tra đầu mối trực 24/7 dịp Quốc khánh 2/9',
  sentAt: new Date('2026-08-28T02:00:00Z'),
  respondBy: new Date('2026-08-28T04:00:00Z'),
  rosterName: 'Tổ trực Quốc khánh 2/9',
  shiftName: 'Ca đêm',
  shiftStart: new Date('2026-09-01T11:00:00Z'),
  shiftEnd: new Date('2026-09-02T01:00:00Z'),
  incidentNumber: 'SC-2026-0007',
  detectedAt: new Date('2026-09-01T23:30:00Z'),
  receivedAt: new Date('2026-09-02T00:05:00Z'),
  deadlineLabel: 'Báo cáo ban đầu (Mẫu 03)',
  dueAt: new Date('2026-09-06T23:30:00Z'),
  warningNumber: 'CB-2026-3',
  cveCount: '12',
  systemCount: '4',
  openCount: '2',
  deadline: new Date('2026-09-15T10:00:00Z'),
};

export class NotificationTemplateService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: NotificationTemplateRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every key × locale with the built-in text and the override, if any. */
  async list(actor: Actor) {
    assertCanAdministerNotifications(actor);
    const overrides = new Map((await this.repo.list(this.db)).map((o) => [`${o.key}|${o.locale}`, o]));
    return TEMPLATE_KEYS.flatMap((key) =>
      LOCALES.map((locale) => {
        const o = overrides.get(`${key}|${locale}`);
        const t = o?.template as Partial<MessageTemplate> | undefined;
        return {
          key,
          locale,
          fields: [...TEMPLATE_FIELDS[key]],
          default: DEFAULT_TEMPLATES[locale][key],
          override: t ? { subject: String(t.subject ?? ''), body: String(t.body ?? ''), sms: String(t.sms ?? '') } : null,
          updatedAt: o ? new Date(o.updated_at).toISOString() : null,
        };
      }),
    );
  }

  private check(key: TemplateKey, t: MessageTemplate): void {
    const issues = validateTemplate(key, t);
    if (issues.length) throw new ValidationError('The template is not valid', issues);
  }

  async put(actor: Actor, key: TemplateKey, locale: Locale, t: MessageTemplate): Promise<void> {
    assertCanAdministerNotifications(actor);
    const template = { subject: t.subject, body: t.body, sms: t.sms };
    this.check(key, template);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.get(trx, key, locale);
      await this.repo.upsert(trx, { key, locale, template, updated_at: this.clock.now() });
      await this.audit.record(trx, actor, {
        action: 'notification_template.update', entityType: 'notification_template', entityId: null, summary: `${key} (${locale})`,
        before: before?.template ?? null, after: template,
      });
    });
  }

  async revert(actor: Actor, key: TemplateKey, locale: Locale): Promise<void> {
    assertCanAdministerNotifications(actor);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.get(trx, key, locale);
      if (!before) throw new NotFoundError('Template override');
      await this.repo.delete(trx, key, locale);
      await this.audit.record(trx, actor, { action: 'notification_template.revert', entityType: 'notification_template', entityId: null, summary: `${key} (${locale})`, before: before.template });
    });
  }

  /** Renders the given draft (or the effective template) with sample data. */
  async preview(actor: Actor, key: TemplateKey, locale: Locale, draft?: MessageTemplate, severity: Severity = 'high') {
    assertCanAdministerNotifications(actor);
    if (draft) this.check(key, draft);
    const custom = draft ?? (await effectiveTemplate(this.db, key, locale));
    const r = renderMessage({ key, locale, severity, data: SAMPLE_DATA, ...(custom ? { custom } : {}) });
    return { ...r, smsParts: smsLength(r.sms).parts };
  }
}
