import type { PrepareArgs } from '../authorization-matrix.endpoints.ts';

/**
 * Shared by the matrix lists: objects of the "other" target are made in the sibling subtree (D2)
 * and carry the OTHER marker, so a leak is easy to spot in any response.
 */
let n = 0;
export const uniq = () => ++n;
export const MARK = 'OTHER';
export const agencyFor = (a: PrepareArgs) => (a.target === 'own' ? a.tree.u1 : a.tree.d2);
export const label = (a: PrepareArgs, what: string) => `${a.target === 'other' ? MARK : 'own'} ${what} ${uniq()}`;
export const noLeak = (body: string, tree: PrepareArgs['tree']) => (body.includes(tree.d2) || body.includes(MARK) ? 'data of another agency subtree' : null);
