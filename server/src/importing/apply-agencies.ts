import type { AgencyCreate, AgencyUpdate } from '../contracts/agency.schema.ts';
import { inScope } from '../domain/access-policy.ts';
import type { AgencyService } from '../services/agency.service.ts';
import type { AgencyDraft } from './agency-table.ts';
import { findAgency, patchIfChanged, RowFailure, visibleAgency, type ApplyContext, type ApplyOutcome, type RowApplier } from './apply-common.ts';
import { quote } from './cell-text.ts';

/**
 * Agencies are matched by code. Rows are applied parents first (see agency-order.ts), so a
 * parent defined anywhere in the file is already written when its children come.
 */
export class AgencyApplier implements RowApplier<AgencyDraft> {
  /** Lower-cased code → id of every agency this import has written or matched so far. */
  private readonly done = new Map<string, string>();

  constructor(
    private readonly ctx: ApplyContext,
    private readonly service: AgencyService,
    /** Lower-cased code → row number, for every agency row in the file. */
    private readonly fileRows: ReadonlyMap<string, number>,
  ) {}

  /** undefined: leave the parent alone; null: root; otherwise the parent's id. */
  private async parentId(d: AgencyDraft): Promise<string | null | undefined> {
    if (d.parentCode === undefined || d.parentCode === null) return d.parentCode;
    const key = d.parentCode.toLowerCase();
    const fromFile = this.done.get(key);
    if (fromFile) return fromFile;
    const row = this.fileRows.get(key);
    if (row !== undefined) {
      throw new RowFailure('parentCode', `the parent agency ${quote(d.parentCode)} (row ${row}) could not be imported; fix that row first`);
    }
    return (await visibleAgency(this.ctx, 'parentCode', d.parentCode)).id;
  }

  async apply(d: AgencyDraft): Promise<ApplyOutcome> {
    const { actor, scope, trx } = this.ctx;
    const parentId = await this.parentId(d);
    const existing = await findAgency(this.ctx, d.code);
    // An existing code outside the actor's subtree falls through to create, which refuses it
    // with the service's own "code already in use" conflict.
    if (!existing || !inScope(scope, existing.path)) {
      const input: AgencyCreate = {
        parentId: parentId ?? null,
        code: d.code,
        name: d.name,
        kind: d.kind!,
        ...(d.address !== undefined && { address: d.address }),
        ...(d.intakeEmail !== undefined && { intakeEmail: d.intakeEmail }),
        ...(d.intakePhone !== undefined && { intakePhone: d.intakePhone }),
      };
      const created = await this.service.create(actor, input, trx);
      this.done.set(d.code.toLowerCase(), created.id);
      return 'created';
    }

    const patch: AgencyUpdate = {};
    patchIfChanged(patch, 'code', d.code.trim(), existing.code);
    patchIfChanged(patch, 'name', d.name.trim(), existing.name);
    patchIfChanged(patch, 'kind', d.kind, existing.kind);
    patchIfChanged(patch, 'address', d.address, existing.address);
    patchIfChanged(patch, 'intakeEmail', d.intakeEmail, existing.intake_email);
    patchIfChanged(patch, 'intakePhone', d.intakePhone, existing.intake_phone);
    // Exports leave the parent of the actor's own top agency empty (it is outside their view);
    // reading that back must not try to make it a root agency.
    const parentHidden = !scope.all && existing.path === scope.pathPrefix;
    if (!(parentId === null && parentHidden)) patchIfChanged(patch, 'parentId', parentId, existing.parent_id);

    this.done.set(d.code.toLowerCase(), existing.id);
    if (Object.keys(patch).length === 0) return 'unchanged';
    await this.service.update(actor, existing.id, patch, trx);
    return 'updated';
  }
}
