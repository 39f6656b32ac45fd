import type { Executor } from '../db/executor.ts';

export interface PlaybookRow {
  id: string;
  incident_type: string;
  name: string;
  phases: unknown[];
  updated_at: Date;
}

/** Administrators' response plans per incident type (the built-in ones apply where none is stored). */
export class PlaybookRepository {
  list(ex: Executor): Promise<PlaybookRow[]> {
    return ex.selectFrom('playbooks').selectAll().orderBy('incident_type').execute() as Promise<PlaybookRow[]>;
  }

  forType(ex: Executor, type: string): Promise<PlaybookRow | undefined> {
    return ex.selectFrom('playbooks').selectAll().where('incident_type', '=', type).executeTakeFirst() as Promise<PlaybookRow | undefined>;
  }

  async upsert(ex: Executor, row: { id: string; incident_type: string; name: string; phases: unknown[]; updated_at: Date }): Promise<void> {
    await ex
      .insertInto('playbooks')
      .values({ ...row, phases: JSON.stringify(row.phases) })
      .onConflict((oc) => oc.column('incident_type').doUpdateSet({ name: row.name, phases: JSON.stringify(row.phases), updated_at: row.updated_at }))
      .execute();
  }

  async remove(ex: Executor, type: string): Promise<number> {
    const r = await ex.deleteFrom('playbooks').where('incident_type', '=', type).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
