import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from '../auth/use-auth.ts';
import { can } from '../auth/permissions.ts';
import { Loading } from '../components/status.tsx';
import { AccountPage } from '../features/account/account.page.tsx';
import { AgenciesPage } from '../features/agencies/agencies.page.tsx';
import { AlertDetailPage } from '../features/alerts/alert-detail.page.tsx';
import { AlertsPage } from '../features/alerts/alerts.page.tsx';
import { AgencyDetailPage } from '../features/agencies/agency-detail.page.tsx';
import { AgencyTreeProvider } from '../features/agencies/agency-tree-context.tsx';
import { AuditPage } from '../features/audit/audit.page.tsx';
import { ChangePasswordPage } from '../features/auth/change-password.page.tsx';
import { LoginPage } from '../features/auth/login.page.tsx';
import { ContactDetailPage } from '../features/contacts/contact-detail.page.tsx';
import { ContactsPage } from '../features/contacts/contacts.page.tsx';
import { DetectionDetailPage } from '../features/detections/detection-detail.page.tsx';
import { DetectionsPage } from '../features/detections/detections.page.tsx';
import { DutyReportPage } from '../features/duty/duty-report.page.tsx';
import { EscalationPage } from '../features/escalation/escalation.page.tsx';
import { PeriodDetailPage } from '../features/duty/period-detail.page.tsx';
import { PeriodsPage } from '../features/duty/periods.page.tsx';
import { RosterPage } from '../features/duty/roster.page.tsx';
import { IncidentDetailPage } from '../features/incidents/incident-detail.page.tsx';
import { IncidentReportPage } from '../features/incidents/incident-report.page.tsx';
import { IncidentsPage } from '../features/incidents/incidents.page.tsx';
import { canCoordinateIncidents, canWorkIncidents } from '../features/incidents/incident-labels.tsx';
import { IncidentSettingsPage } from '../features/incidents/incident-settings.page.tsx';
import { IncidentStatsPage } from '../features/incidents/incident-stats.page.tsx';
import { ImportPage } from '../features/import/import.page.tsx';
import { JobsPage } from '../features/jobs/jobs.page.tsx';
import { MaintenancePage } from '../features/maintenance/maintenance.page.tsx';
import { MonitorDetailPage } from '../features/monitoring/monitor-detail.page.tsx';
import { MonitorsPage } from '../features/monitoring/monitors.page.tsx';
import { ChannelsPage } from '../features/notifications/channels.page.tsx';
import { DeliveriesPage } from '../features/notifications/deliveries.page.tsx';
import { canAdministerNotifications } from '../features/notifications/notification-types.ts';
import { TemplatesPage } from '../features/notifications/templates.page.tsx';
import { RollCallBoardPage } from '../features/roll-calls/roll-call-board.page.tsx';
import { RollCallsPage } from '../features/roll-calls/roll-calls.page.tsx';
import { SystemCreatePage } from '../features/systems/system-create.page.tsx';
import { SystemDetailPage } from '../features/systems/system-detail.page.tsx';
import { SystemsPage } from '../features/systems/systems.page.tsx';
import { UsersPage } from '../features/users/users.page.tsx';
import { AdvisoryDetailPage } from '../features/vulns/advisory-detail.page.tsx';
import { VulnsPage } from '../features/vulns/vulns.page.tsx';
import { WarningBoardPage } from '../features/warnings/warning-board.page.tsx';
import { WarningComposePage } from '../features/warnings/warning-compose.page.tsx';
import { WarningDetailPage } from '../features/warnings/warning-detail.page.tsx';
import { canComposeWarnings } from '../features/warnings/warning-types.ts';
import { WarningsPage } from '../features/warnings/warnings.page.tsx';
import { Layout } from './layout.tsx';
import { ForbiddenPage, NotFoundPage } from './not-found.page.tsx';

/**
 * The gate: nothing but the login page until the server confirms a session, and nothing but
 * the password form while the account must change its password.
 */
export function App() {
  const { status, user } = useAuth();
  if (status === 'loading') {
    return (
      <div className="splash">
        <Loading />
      </div>
    );
  }
  if (!user) return <LoginPage />;
  if (user.mustChangePassword) return <ChangePasswordPage forced />;

  const guard = (allowed: boolean, el: React.ReactElement) => (allowed ? el : <ForbiddenPage />);
  return (
    <AgencyTreeProvider>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Navigate to="/alerts" replace />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="alerts/:id" element={<AlertDetailPage />} />
          <Route path="incidents" element={<IncidentsPage />} />
          <Route path="incidents/new" element={guard(canWorkIncidents(user.role), <IncidentReportPage />)} />
          <Route path="incidents/stats" element={<IncidentStatsPage />} />
          <Route path="incidents/settings" element={guard(canCoordinateIncidents(user.role), <IncidentSettingsPage />)} />
          <Route path="incidents/:id" element={<IncidentDetailPage />} />
          <Route path="vulns" element={<VulnsPage />} />
          <Route path="vulns/:cve" element={<AdvisoryDetailPage />} />
          <Route path="warnings" element={<WarningsPage />} />
          <Route path="warnings/new" element={guard(canComposeWarnings(user.role), <WarningComposePage />)} />
          <Route path="warnings/board" element={<WarningBoardPage />} />
          <Route path="warnings/:id" element={<WarningDetailPage />} />
          <Route path="warnings/:id/edit" element={guard(canComposeWarnings(user.role), <WarningComposePage />)} />
          <Route path="escalation" element={<EscalationPage />} />
          <Route path="roll-calls" element={<RollCallsPage />} />
          <Route path="roll-calls/:id" element={<RollCallBoardPage />} />
          <Route path="agencies" element={<AgenciesPage />} />
          <Route path="agencies/:id" element={<AgencyDetailPage />} />
          <Route path="systems" element={<SystemsPage />} />
          <Route path="systems/new" element={guard(can.editRegistry(user.role), <SystemCreatePage />)} />
          <Route path="systems/:id" element={<SystemDetailPage />} />
          <Route path="monitors" element={<MonitorsPage />} />
          <Route path="monitors/:id" element={<MonitorDetailPage />} />
          <Route path="detections" element={<DetectionsPage />} />
          <Route path="detections/:id" element={<DetectionDetailPage />} />
          <Route path="maintenance" element={<MaintenancePage />} />
          <Route path="duty" element={<PeriodsPage />} />
          <Route path="duty/periods/:id" element={<PeriodDetailPage />} />
          <Route path="duty/periods/:id/report" element={<DutyReportPage />} />
          <Route path="duty/rosters/:id" element={<RosterPage />} />
          <Route path="jobs" element={guard(can.viewJobs(user.role), <JobsPage />)} />
          <Route path="contacts" element={<ContactsPage />} />
          <Route path="contacts/:id" element={<ContactDetailPage />} />
          <Route path="users" element={guard(can.manageUsers(user.role), <UsersPage />)} />
          <Route path="import" element={guard(can.importData(user.role), <ImportPage />)} />
          <Route path="audit" element={guard(can.readAudit(user.role), <AuditPage />)} />
          <Route path="account" element={<AccountPage />} />
          <Route path="notifications/channels" element={guard(canAdministerNotifications(user.role), <ChannelsPage />)} />
          <Route path="notifications/deliveries" element={guard(canAdministerNotifications(user.role), <DeliveriesPage />)} />
          <Route path="notifications/templates" element={guard(canAdministerNotifications(user.role), <TemplatesPage />)} />
          <Route path="login" element={<Navigate to="/alerts" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AgencyTreeProvider>
  );
}
