import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SystemCreate } from '../../server/src/contracts/system.schema.ts';
import type { Executor } from '../../server/src/db/executor.ts';
import type { Actor } from '../../server/src/domain/actor.ts';
import { ImportService } from '../../server/src/services/import.service.ts';
import { SystemService } from '../../server/src/services/system.service.ts';
import { csv, file, setup, snapshot, type Fixture } from './import-fixtures.ts';

/**
 * The transaction machinery: a raw database error in one row (which aborts the whole
 * transaction in PostgreSQL) is contained to that row by a savepoint, the other rows are
 * still checked, and nothing is committed; an unexpected exception rolls everything back.
 */

const HEADER = ['Tên hệ thống', 'Mã cơ quan chủ quản', 'Cấp độ'];

/** Writes the system, then a clashing row behind the service's back: a real 23505 from the database. */
class ClashingSystemService extends SystemService {
  override async create(actor: Actor, input: SystemCreate, ex?: Executor) {
    const dto = await super.create(actor, input, ex);
    if (input.name.includes('TRÙNG')) {
      const now = new Date();
      await ex!.insertInto('information_systems').values({
        id: randomUUID(), name: input.name.toLowerCase(), owner_agency_id: input.ownerAgencyId, security_level: 1,
        critical_national: false, urls: '[]', domains: '[]', ip_addresses: '[]', tags: '[]', created_at: now, updated_at: now,
        description: null, operator_agency_id: null, hosting_provider: null,
      }).execute();
    }
    if (input.name.includes('LỖI LẬP TRÌNH')) throw new TypeError('a bug, not a bad row');
    return dto;
  }
}

describe('import transaction', () => {
  let f: Fixture;
  let imports: ImportService;
  before(async () => {
    f = await setup();
    const { ctx } = f;
    const systems = new ClashingSystemService(ctx.database.db, ctx.repos.systems, ctx.repos.agencies, ctx.audit, ctx.clock);
    imports = new ImportService(ctx.database.db, ctx.repos, ctx.audit, ctx.clock, { services: { agencies: ctx.agencies, systems, contacts: ctx.contacts } });
  });
  after(async () => {
    await f.ctx.close();
  });

  it('contains a database error to its row, checks the rows after it, and writes nothing', async () => {
    const before = await snapshot(f.ctx);
    const rows = [['Hệ thống một', 'SYT-DNA', '1'], ['Hệ thống TRÙNG', 'SYT-DNA', '2'], ['Hệ thống ba', 'SYT-DNA', '3'], ['Hệ thống bốn', 'KHONG-CO', '3']];
    const report = await imports.import(f.admin, 'systems', file(csv(HEADER, rows), 'x.csv'), { dryRun: false });
    assert.deepEqual(report.errors.map((e) => [e.row, e.column]), [[3, null], [5, 'Mã cơ quan chủ quản']]);
    assert.match(report.errors[0]!.message, /database refused this row: conflicts with a record that already exists/);
    assert.deepEqual([report.validRows, report.created, report.applied], [2, 2, false]);
    assert.deepEqual(await snapshot(f.ctx), before);
  });

  it('rolls everything back and rethrows on an unexpected exception', async () => {
    const before = await snapshot(f.ctx);
    const rows = [['Hệ thống một', 'SYT-DNA', '1'], ['LỖI LẬP TRÌNH', 'SYT-DNA', '2']];
    await assert.rejects(imports.import(f.admin, 'systems', file(csv(HEADER, rows), 'x.csv'), { dryRun: false }), TypeError);
    assert.deepEqual(await snapshot(f.ctx), before);
  });

  it('still commits a clean file through the same machinery', async () => {
    const report = await imports.import(f.admin, 'systems', file(csv(HEADER, [['Hệ thống sạch', 'SYT-DNA', '2']]), 'x.csv'), { dryRun: false });
    assert.deepEqual([report.errors, report.created, report.applied], [[], 1, true]);
    assert.equal((await f.ctx.audit.verify(f.ctx.database.db)).ok, true);
  });
});
