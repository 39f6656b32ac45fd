import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from '../../api/api-client.ts';
import type { Agency } from '../../api/types.ts';
import { useAsync } from '../../lib/use-async.ts';
import { buildTree, flatten, type AgencyNode } from './agency-tree.ts';

interface AgencyTree {
  agencies: Agency[];
  roots: AgencyNode[];
  /** Tree order, for selects. */
  ordered: AgencyNode[];
  byId: Map<string, Agency>;
  loading: boolean;
  error: unknown;
  reload(): void;
}

const Ctx = createContext<AgencyTree | null>(null);

/**
 * The visible agency tree, loaded once per session and shared: nearly every page needs it
 * for agency pickers and names. Pages that change agencies call reload().
 */
export function AgencyTreeProvider({ children }: { children: ReactNode }) {
  const { data, loading, error, reload } = useAsync((signal) => api.get<{ items: Agency[] }>('/agencies/tree', undefined, signal), 'tree');
  const value = useMemo<AgencyTree>(() => {
    const agencies = data?.items ?? [];
    const roots = buildTree(agencies);
    return { agencies, roots, ordered: flatten(roots), byId: new Map(agencies.map((a) => [a.id, a])), loading, error, reload };
  }, [data, loading, error, reload]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAgencyTree(): AgencyTree {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useAgencyTree outside AgencyTreeProvider');
  return ctx;
}
