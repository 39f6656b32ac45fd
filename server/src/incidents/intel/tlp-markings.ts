/**
 * TLP as STIX 2.1 marking definitions. These four objects and their ids are fixed by the STIX
 * 2.1 specification (section 7.2.1.4); consumers recognise them by id, so they are copied
 * exactly, never generated. STIX 2.1 predates TLP 2.0: its "white" definition is the one for
 * TLP:CLEAR.
 */
import type { Tlp } from './incident-for-export.ts';

export interface TlpMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  definition_type: 'tlp';
  name: string;
  definition: { tlp: 'white' | 'green' | 'amber' | 'red' };
}

const def = (id: string, tlp: TlpMarkingDefinition['definition']['tlp']): TlpMarkingDefinition => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id,
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name: `TLP:${tlp.toUpperCase()}`,
  definition: { tlp },
});

export const TLP_MARKINGS: Readonly<Record<Tlp, TlpMarkingDefinition>> = {
  clear: def('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'),
  green: def('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'),
  amber: def('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'),
  red: def('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'),
};

/** MISP tag for a level ("tlp:white" is what most MISP instances still use for clear). */
export function mispTlpTag(tlp: Tlp): string {
  return tlp === 'clear' ? 'tlp:white' : `tlp:${tlp}`;
}

/** Read a MISP tag name as a TLP level; null when it is not a TLP tag. */
export function tlpFromMispTag(name: string): Tlp | null {
  switch (name.trim().toLowerCase()) {
    case 'tlp:white':
    case 'tlp:clear':
      return 'clear';
    case 'tlp:green':
      return 'green';
    case 'tlp:amber':
    case 'tlp:amber+strict':
      return 'amber';
    case 'tlp:red':
      return 'red';
    default:
      return null;
  }
}
