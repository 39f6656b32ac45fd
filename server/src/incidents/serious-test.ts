/**
 * Decision 05/2017/QĐ-TTg art. 9: an incident is *serious* when a level 4–5 or critical-national
 * system suffers one of the listed harms AND the owner cannot cope alone. It is a yes/no test,
 * not a severity scale: the flag sits beside the internal priority. The checklist is what the
 * coordinator ticks; the system facts come from the registry.
 */
export interface SeriousChecklist {
  serviceInterruption?: boolean;
  secretDataLeak?: boolean;
  integrityLoss?: boolean;
  lossOfControl?: boolean;
  cascadingHarm?: boolean;
  beyondOwnerCapacity?: boolean;
}

export const HARMS = ['serviceInterruption', 'secretDataLeak', 'integrityLoss', 'lossOfControl', 'cascadingHarm'] as const;

export interface SeriousSystemFacts {
  /** The highest security level among the affected systems (null: none known). */
  maxSecurityLevel: number | null;
  anyCriticalNational: boolean;
}

export function isSerious(c: SeriousChecklist, s: SeriousSystemFacts): { serious: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const important = (s.maxSecurityLevel ?? 0) >= 4 || s.anyCriticalNational;
  if (!important) reasons.push('no affected system is level 4–5 or of critical national importance');
  const harms = HARMS.filter((h) => c[h]);
  if (harms.length === 0) reasons.push('none of the listed harms is ticked');
  if (!c.beyondOwnerCapacity) reasons.push('the owner can cope alone');
  return { serious: important && harms.length > 0 && !!c.beyondOwnerCapacity, reasons };
}

export function checklistIssues(c: unknown): { field: string; message: string }[] {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return [{ field: '/seriousChecklist', message: 'must be an object' }];
  const allowed = new Set<string>([...HARMS, 'beyondOwnerCapacity']);
  return Object.entries(c as Record<string, unknown>).flatMap(([k, v]) =>
    !allowed.has(k) ? [{ field: `/seriousChecklist/${k}`, message: 'unknown item' }] : typeof v !== 'boolean' ? [{ field: `/seriousChecklist/${k}`, message: 'must be true or false' }] : []);
}
