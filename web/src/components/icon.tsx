/**
 * A handful of line icons drawn inline: no icon font or image requests, and they render the
 * same on machines without emoji fonts (common on locked-down government desktops).
 */
const PATHS = {
  agencies: 'M3 21h18M5 21V10M19 21V10M9 21v-7M15 21v-7M2 10l10-6 10 6z',
  systems: 'M3 4h18v12H3zM8 20h8M12 16v4M7 8h4M7 11h7',
  contacts: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6',
  import: 'M12 15V3M7 8l5-5 5 5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4',
  audit: 'M9 3h6v3H9zM9 4H6a1 1 0 0 0-1 1v15a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V5a1 1 0 0 0-1-1h-3M8 11h8M8 15h8M8 19h5',
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  menu: 'M3 6h18M3 12h18M3 18h18',
  monitors: 'M2 12h4l3-7 5 14 3-7h5',
  maintenance: 'M4 5h16v16H4zM4 10h16M8 3v4M16 3v4M9 15l2 2 4-4',
  // A shield with an exclamation mark: the page-integrity (defacement) pages.
  detections: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM12 8v5M12 16v.5',
  jobs: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2',
  // A calendar with a person in it: duty rosters.
  duty: 'M4 5h16v16H4zM8 3v4M16 3v4M12 14a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM8 20a4 4 0 0 1 8 0',
  // A bell: notification channels; an envelope with a cross: undelivered messages; a page with lines: templates.
  notifications: 'M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0',
  deliveries: 'M3 5h18v14H3zM3 5l9 7 9-7M15 15l4 4M19 15l-4 4',
  templates: 'M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7',
  // A warning triangle: alerts; steps going up: escalation; a clipboard with a tick: roll calls.
  alerts: 'M12 3l10 18H2zM12 10v5M12 18v.5',
  escalation: 'M3 20h5v-5h5v-5h5V5h3M17 3l4 2-2 4',
  // A flag on a pole: reported incidents.
  incidents: 'M5 21V4M5 4h11l-2 4 2 4H5',
  // A bug: the vulnerability catalogue; a megaphone: warnings sent to agencies.
  vulns: 'M8 9a4 4 0 0 1 8 0v6a4 4 0 0 1-8 0zM12 9v10M4 13h4M16 13h4M5 7l3 2M19 7l-3 2M5 19l3-2M19 19l-3-2M10 5l-1-2M14 5l1-2',
  warnings: 'M3 10v4h3l7 5V5L6 10zM17 9a4 4 0 0 1 0 6M19.5 6.5a8 8 0 0 1 0 11',
  rollcall: 'M9 3h6v3H9zM9 4H6a1 1 0 0 0-1 1v15a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V5a1 1 0 0 0-1-1h-3M8 14l3 3 5-6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
