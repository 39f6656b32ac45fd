import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** What a repository method runs on: the database itself or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
