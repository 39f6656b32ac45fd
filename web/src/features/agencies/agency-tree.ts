import type { Agency } from '../../api/types.ts';

export interface AgencyNode {
  agency: Agency;
  children: AgencyNode[];
  /** Depth within what this user can see (their own root is 0), for indenting. */
  level: number;
}

/**
 * Builds the tree from the server's flat list. An agency whose parent is not in the list is a
 * root: agency-scoped users get their own agency with parentId null, and this also copes with
 * a list that is momentarily inconsistent.
 */
export function buildTree(items: readonly Agency[]): AgencyNode[] {
  const nodes = new Map<string, AgencyNode>();
  for (const a of items) nodes.set(a.id, { agency: a, children: [], level: 0 });
  const roots: AgencyNode[] = [];
  for (const a of items) {
    const node = nodes.get(a.id)!;
    const parent = a.parentId ? nodes.get(a.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byName = (x: AgencyNode, y: AgencyNode) => x.agency.name.localeCompare(y.agency.name, 'vi');
  const walk = (list: AgencyNode[], level: number) => {
    list.sort(byName);
    for (const n of list) {
      n.level = level;
      walk(n.children, level + 1);
    }
  };
  walk(roots, 0);
  return roots;
}

/** Depth-first order, the order of a tree read top to bottom: for selects and exports. */
export function flatten(roots: readonly AgencyNode[]): AgencyNode[] {
  const out: AgencyNode[] = [];
  const visit = (n: AgencyNode) => {
    out.push(n);
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

/** Ids of an agency and everything under it: it cannot become its own parent. */
export function subtreeIds(root: AgencyNode | undefined): Set<string> {
  const ids = new Set<string>();
  const visit = (n: AgencyNode) => {
    ids.add(n.agency.id);
    n.children.forEach(visit);
  };
  if (root) visit(root);
  return ids;
}

export function findNode(roots: readonly AgencyNode[], id: string): AgencyNode | undefined {
  return flatten(roots).find((n) => n.agency.id === id);
}

/** Case- and accent-insensitive, so "so tt" finds "Sở TT&TT" typed on a phone without Telex. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Ids of matching agencies plus their ancestors, so matches are shown in context. */
export function matchWithAncestors(items: readonly Agency[], query: string): Set<string> | null {
  const q = fold(query.trim());
  if (!q) return null;
  const byId = new Map(items.map((a) => [a.id, a]));
  const keep = new Set<string>();
  for (const a of items) {
    if (!fold(`${a.name} ${a.code}`).includes(q)) continue;
    let cur: Agency | undefined = a;
    while (cur && !keep.has(cur.id)) {
      keep.add(cur.id);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
  }
  return keep;
}
