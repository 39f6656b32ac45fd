import type { Role } from './roles.ts';

/** Who is acting: resolved once per request from a session or an API token. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  agencyId: string | null;
  /** Materialized path of the actor's agency ('/a/b/'), null when not bound to one. */
  agencyPath: string | null;
  via: 'session' | 'token' | 'system';
  /** A one-time password is in use: only changing it is allowed until then. */
  mustChangePassword?: boolean;
  ip?: string | null;
}

/** The CLI and background jobs act as this. */
export const SYSTEM_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  role: 'admin',
  agencyId: null,
  agencyPath: null,
  via: 'system',
};
