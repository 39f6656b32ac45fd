import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../io/clock.ts';
import { verifyAckToken, type AckVerifyError } from '../notifications/ack-link.ts';
import type { VulnWarningRepository } from '../repositories/vuln-warning.repository.ts';
import type { VulnWarningTargetRepository } from '../repositories/vuln-warning-target.repository.ts';
import type { SigningKeys } from './signing-keys.service.ts';
import type { VulnWarningTargetService } from './vuln-warning-target.service.ts';

export interface WarningLinkView {
  ok: true;
  number: string | null;
  title: string;
  agencyName: string;
  deadline: Date;
  systems: number;
  acknowledgedAt: Date | null;
  changed?: boolean;
}

/**
 * The "acknowledge receipt" link mailed with a warning: signed for (warning, agency), usable by
 * whoever reads the agency's contact mailbox without an account. It acknowledges receipt only;
 * saying what was done about each system needs a sign-in.
 */
export class VulnWarningAckLinkService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { warnings: VulnWarningRepository; targets: VulnWarningTargetRepository },
    private readonly targets: VulnWarningTargetService,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  private async view(token: string): Promise<WarningLinkView | { ok: false; error: AckVerifyError | 'not-found' }> {
    const v = verifyAckToken(token, await this.keys.key('warning'), this.clock.now());
    if (!v.ok) return v;
    const warningId = v.payload.deliveryId;
    const agencyId = v.payload.recipientId;
    const w = warningId ? await this.repos.warnings.find(this.db, warningId) : undefined;
    const a = w ? (await this.repos.warnings.agencies(this.db, w.id)).find((x) => x.agency_id === agencyId) : undefined;
    if (!w || !a || w.status === 'draft') return { ok: false, error: 'not-found' };
    const systems = (await this.repos.targets.list(this.db, { warningId: w.id, scope: { all: true }, agencyId })).length;
    return { ok: true, number: w.number, title: w.title, agencyName: a.agency_name, deadline: w.deadline, systems, acknowledgedAt: a.acknowledged_at };
  }

  inspect(token: string) {
    return this.view(token);
  }

  async acknowledge(token: string) {
    const v = await this.view(token);
    if (!v.ok || v.acknowledgedAt) return v;
    const verified = verifyAckToken(token, await this.keys.key('warning'), this.clock.now());
    if (!verified.ok) return verified;
    await this.targets.acknowledgeByLink(verified.payload.deliveryId!, verified.payload.recipientId, 'Liên kết trong thư cảnh báo');
    return { ...v, acknowledgedAt: this.clock.now(), changed: true };
  }
}
