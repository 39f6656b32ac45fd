import type { Executor } from '../db/executor.ts';

/** Named server secrets: created once, by whichever process asks first. */
export class ServerSecretRepository {
  /** Returns the stored value, storing `candidate` first if there is none (a racing process's value wins). */
  async getOrCreate(ex: Executor, name: string, candidate: string): Promise<string> {
    await ex.insertInto('server_secrets').values({ name, value: candidate }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await ex.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return row.value;
  }
}
