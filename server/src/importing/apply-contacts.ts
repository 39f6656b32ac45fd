import type { ContactCreate, ContactUpdate } from '../contracts/contact.schema.ts';
import type { ContactService } from '../services/contact.service.ts';
import { patchIfChanged, sameValue, visibleAgency, type ApplyContext, type ApplyOutcome, type RowApplier } from './apply-common.ts';
import { draftMessaging, type ContactDraft } from './contact-table.ts';
import { formatVnDate } from './value-parsers.ts';

/**
 * Contact points are matched by (agency, name, availability): the same person can be the
 * office-hours and the out-of-hours contact, and those are two entries.
 */
export class ContactApplier implements RowApplier<ContactDraft> {
  constructor(
    private readonly ctx: ApplyContext,
    private readonly service: ContactService,
  ) {}

  async apply(d: ContactDraft): Promise<ApplyOutcome> {
    const { actor, trx } = this.ctx;
    const agency = await visibleAgency(this.ctx, 'agencyCode', d.agencyCode);
    const name = d.name.trim();
    const availability = d.availability!;
    const found = await this.service.findIdByNaturalKey(trx, agency.id, name, availability);

    if (!found) {
      const messaging = draftMessaging(d);
      const input: ContactCreate = {
        agencyId: agency.id,
        priority: d.priority!,
        availability,
        name,
        ...(d.title !== undefined && { title: d.title }),
        ...(d.phone !== undefined && { phone: d.phone }),
        ...(d.mobile !== undefined && { mobile: d.mobile }),
        ...(d.email !== undefined && { email: d.email }),
        ...(messaging !== undefined && { messaging }),
        ...(d.lastVerified !== undefined && { lastVerifiedAt: d.lastVerified?.iso ?? null }),
      };
      await this.service.create(actor, input, trx);
      return 'created';
    }

    const existing = await this.service.getVisible(trx, actor, found.id);
    const patch: ContactUpdate = {};
    patchIfChanged(patch, 'name', name, existing.name);
    patchIfChanged(patch, 'priority', d.priority, existing.priority);
    patchIfChanged(patch, 'title', d.title, existing.title);
    patchIfChanged(patch, 'phone', d.phone, existing.phone);
    patchIfChanged(patch, 'mobile', d.mobile, existing.mobile);
    patchIfChanged(patch, 'email', d.email, existing.email);

    // Only the networks with a column in the file change; other handles (e.g. Signal, set in
    // the web UI) are kept.
    const current = existing.messaging ?? {};
    const messaging: Record<string, string> = { ...current };
    for (const [network, value] of Object.entries(d.messaging)) {
      if (value === null) delete messaging[network];
      else if (value !== undefined) messaging[network] = value;
    }
    if (!sameValue(messaging, current)) patch.messaging = messaging;

    // A date without a time means "verified that day": the same day is no change.
    const v = d.lastVerified;
    const stored = existing.last_verified_at;
    if (v === null && stored !== null) patch.lastVerifiedAt = null;
    if (v) {
      const same = stored !== null && (v.dateOnly ? formatVnDate(stored) === formatVnDate(new Date(v.iso)) : stored.getTime() === Date.parse(v.iso));
      if (!same) patch.lastVerifiedAt = v.iso;
    }

    if (Object.keys(patch).length === 0) return 'unchanged';
    await this.service.update(actor, existing.id, patch, trx);
    return 'updated';
  }
}
