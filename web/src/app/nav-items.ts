import type { Role } from '../api/types.ts';
import { can } from '../auth/permissions.ts';
import type { IconName } from '../components/icon.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { canAdministerNotifications } from '../features/notifications/notification-types.ts';

export interface NavItem {
  to: string;
  label: MessageKey;
  icon: IconName;
  visible(role: Role): boolean;
}

const always = () => true;

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/alerts', label: 'nav.alerts', icon: 'alerts', visible: always },
  { to: '/incidents', label: 'nav.incidents', icon: 'incidents', visible: always },
  { to: '/vulns', label: 'nav.vulns', icon: 'vulns', visible: always },
  { to: '/warnings', label: 'nav.warnings', icon: 'warnings', visible: always },
  { to: '/agencies', label: 'nav.agencies', icon: 'agencies', visible: always },
  { to: '/systems', label: 'nav.systems', icon: 'systems', visible: always },
  { to: '/monitors', label: 'nav.monitors', icon: 'monitors', visible: always },
  { to: '/detections', label: 'nav.detections', icon: 'detections', visible: always },
  { to: '/maintenance', label: 'nav.maintenance', icon: 'maintenance', visible: always },
  { to: '/duty', label: 'nav.duty', icon: 'duty', visible: always },
  { to: '/escalation', label: 'nav.escalation', icon: 'escalation', visible: always },
  { to: '/roll-calls', label: 'nav.rollCalls', icon: 'rollcall', visible: always },
  { to: '/contacts', label: 'nav.contacts', icon: 'contacts', visible: always },
  { to: '/users', label: 'nav.users', icon: 'users', visible: can.manageUsers },
  { to: '/import', label: 'nav.import', icon: 'import', visible: can.importData },
  { to: '/audit', label: 'nav.audit', icon: 'audit', visible: can.readAudit },
  { to: '/jobs', label: 'nav.jobs', icon: 'jobs', visible: can.viewJobs },
  { to: '/notifications/channels', label: 'nav.notifChannels', icon: 'notifications', visible: canAdministerNotifications },
  { to: '/notifications/deliveries', label: 'nav.notifDeliveries', icon: 'deliveries', visible: canAdministerNotifications },
  { to: '/notifications/templates', label: 'nav.notifTemplates', icon: 'templates', visible: canAdministerNotifications },
  { to: '/account', label: 'nav.account', icon: 'account', visible: always },
];
