/**
 * Orders agency rows so that every parent defined in the file is created before its children,
 * whatever order the rows are in. Iterative (no recursion), so a 20,000-level chain is fine.
 */

export interface OrderItem {
  /** Position in the caller's list. */
  index: number;
  /** Lower-cased code. */
  code: string;
  /** Lower-cased parent code, or null. */
  parentCode: string | null;
  /** The code as written, for messages. */
  label: string;
}

export interface AgencyOrder {
  /** Indices, parents first. Rows in a cycle are left out. */
  order: number[];
  /** Index → the codes forming the loop it belongs to (A → B → A). */
  cycles: Map<number, string[]>;
}

export function orderParentsFirst(items: readonly OrderItem[]): AgencyOrder {
  const byCode = new Map<string, OrderItem>();
  for (const it of items) if (!byCode.has(it.code)) byCode.set(it.code, it);
  const state = new Map<number, 'walking' | 'done'>();
  const order: number[] = [];
  const cycles = new Map<number, string[]>();

  for (const start of items) {
    if (state.has(start.index)) continue;
    // Walk up towards the root until reaching something already ordered, the root, or ourselves.
    const path: OrderItem[] = [];
    let cur: OrderItem | undefined = start;
    while (cur && !state.has(cur.index)) {
      state.set(cur.index, 'walking');
      path.push(cur);
      cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
    }
    if (cur && state.get(cur.index) === 'walking') {
      const loop = path.slice(path.indexOf(cur));
      const labels = [...loop.map((i) => i.label), cur.label];
      for (const i of loop) cycles.set(i.index, labels);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const it = path[i]!;
      state.set(it.index, 'done');
      if (!cycles.has(it.index)) order.push(it.index);
    }
  }
  return { order, cycles };
}
