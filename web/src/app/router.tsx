import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Spin } from 'antd';
import type { Permission } from '@yingji/contracts';
import { useAuth } from './auth';
import { LiveEventsProvider } from './liveEvents';
import { Shell } from './Shell';
import { PLACEHOLDER_MODULES } from './modules';
import { LoginPage } from '../pages/LoginPage';
import { HomePage } from '../pages/HomePage';
import { PlaceholderPage } from '../pages/PlaceholderPage';
import { ForbiddenPage, NotFoundPage } from '../pages/StatusPages';

const MapPage = lazy(() => import('../map/MapPage'));
const OrganizationsPage = lazy(() => import('../admin/OrganizationsPage'));
const UsersPage = lazy(() => import('../admin/UsersPage'));
const AuditPage = lazy(() => import('../admin/AuditPage'));
const IncidentsLayout = lazy(() => import('../incidents/IncidentsLayout'));
const DutyDeskPage = lazy(() => import('../incidents/DutyDeskPage'));
const IncidentDetailPage = lazy(() => import('../incidents/IncidentDetailPage'));
const IncidentStatsPage = lazy(() => import('../incidents/IncidentStatsPage'));
const DutyRosterPage = lazy(() => import('../incidents/DutyRosterPage'));
const ResourcesPage = lazy(() => import('../resources/ResourcesPage'));
const PlansPage = lazy(() => import('../plans/PlansPage'));
const PlanDetailPage = lazy(() => import('../plans/PlanDetailPage'));
const CommandPage = lazy(() => import('../command/CommandPage'));
const ResponseBoardPage = lazy(() => import('../command/ResponseBoardPage'));
const MonitoringPage = lazy(() => import('../monitoring/MonitoringPage'));
const SensorPage = lazy(() => import('../monitoring/SensorPage'));
const RisksLayout = lazy(() => import('../risks/RisksLayout'));
const RiskRegisterPage = lazy(() => import('../risks/RiskRegisterPage'));
const RiskListsPage = lazy(() => import('../risks/RiskListsPage'));
const RiskMapPage = lazy(() => import('../risks/RiskMapPage'));
const HazardsPage = lazy(() => import('../risks/HazardsPage'));
const SupervisionPage = lazy(() => import('../risks/SupervisionPage'));
const HazardReportPage = lazy(() => import('../risks/HazardReportPage'));
const HazardDetailPage = lazy(() => import('../risks/HazardDetailPage'));
const HazardStatsPage = lazy(() => import('../risks/HazardStatsPage'));
const WarningsPage = lazy(() => import('../warnings/WarningsPage'));
const WarningFormPage = lazy(() => import('../warnings/WarningFormPage'));
const WarningDetailPage = lazy(() => import('../warnings/WarningDetailPage'));
const PublicWarningsPage = lazy(() => import('../warnings/PublicWarningsPage'));
const ProgrammesPage = lazy(() => import('../programme/ProgrammesPage'));
const ProgrammePage = lazy(() => import('../programme/ProgrammePage'));
const ProgrammeTaskPage = lazy(() => import('../programme/TaskDetailPage'));

function FullPageSpin() {
  return <Spin size="large" className="page-spin page-spin-full" />;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <FullPageSpin />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <LiveEventsProvider>{children}</LiveEventsProvider>;
}

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : <ForbiddenPage />;
}

function LoginRoute() {
  const { user } = useAuth();
  if (user === undefined) return <FullPageSpin />;
  if (user) return <Navigate to="/" replace />;
  return <LoginPage />;
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginRoute />} />
          <Route path="/public/warnings" element={<PublicWarningsPage />} />
          <Route
            element={
              <RequireAuth>
                <Shell />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="map" element={<MapPage />} />
            <Route
              path="incidents"
              element={
                <RequirePermission permission="incident.read">
                  <IncidentsLayout />
                </RequirePermission>
              }
            >
              <Route index element={<DutyDeskPage />} />
              <Route path="stats" element={<IncidentStatsPage />} />
              <Route
                path="roster"
                element={
                  <RequirePermission permission="duty.read">
                    <DutyRosterPage />
                  </RequirePermission>
                }
              />
              <Route path=":id" element={<IncidentDetailPage />} />
            </Route>
            <Route
              path="resources"
              element={
                <RequirePermission permission="resource.read">
                  <ResourcesPage />
                </RequirePermission>
              }
            />
            <Route
              path="plans"
              element={
                <RequirePermission permission="plan.read">
                  <PlansPage />
                </RequirePermission>
              }
            />
            <Route
              path="plans/:id"
              element={
                <RequirePermission permission="plan.read">
                  <PlanDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="command"
              element={
                <RequirePermission permission="task.read">
                  <CommandPage />
                </RequirePermission>
              }
            />
            <Route
              path="command/:id"
              element={
                <RequirePermission permission="task.read">
                  <ResponseBoardPage />
                </RequirePermission>
              }
            />
            <Route
              path="monitoring"
              element={
                <RequirePermission permission="monitoring.read">
                  <MonitoringPage />
                </RequirePermission>
              }
            />
            <Route
              path="monitoring/sensors/:code"
              element={
                <RequirePermission permission="monitoring.read">
                  <SensorPage />
                </RequirePermission>
              }
            />
            <Route path="risks" element={<RisksLayout />}>
              <Route
                index
                element={
                  <RequirePermission permission="risk.read">
                    <RiskRegisterPage />
                  </RequirePermission>
                }
              />
              <Route
                path="lists"
                element={
                  <RequirePermission permission="risk.read">
                    <RiskListsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="map"
                element={
                  <RequirePermission permission="risk.read">
                    <RiskMapPage />
                  </RequirePermission>
                }
              />
              <Route
                path="hazards"
                element={
                  <RequirePermission permission="hazard.read">
                    <HazardsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="hazards/new"
                element={
                  <RequirePermission permission="hazard.report">
                    <HazardReportPage />
                  </RequirePermission>
                }
              />
              <Route
                path="hazards/:id"
                element={
                  <RequirePermission permission="hazard.read">
                    <HazardDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supervision"
                element={
                  <RequirePermission permission="hazard.read">
                    <SupervisionPage />
                  </RequirePermission>
                }
              />
              <Route
                path="stats"
                element={
                  <RequirePermission permission="hazard.read">
                    <HazardStatsPage />
                  </RequirePermission>
                }
              />
            </Route>
            <Route
              path="warnings"
              element={
                <RequirePermission permission="warning.read">
                  <WarningsPage />
                </RequirePermission>
              }
            />
            <Route
              path="warnings/new"
              element={
                <RequirePermission permission="warning.manage">
                  <WarningFormPage />
                </RequirePermission>
              }
            />
            <Route
              path="warnings/:id"
              element={
                <RequirePermission permission="warning.read">
                  <WarningDetailPage />
                </RequirePermission>
              }
            />
            <Route
              path="warnings/:id/edit"
              element={
                <RequirePermission permission="warning.manage">
                  <WarningFormPage />
                </RequirePermission>
              }
            />
            <Route
              path="programme"
              element={
                <RequirePermission permission="programme.read">
                  <ProgrammesPage />
                </RequirePermission>
              }
            />
            <Route
              path="programme/tasks/:taskId"
              element={
                <RequirePermission permission="programme.read">
                  <ProgrammeTaskPage />
                </RequirePermission>
              }
            />
            <Route
              path="programme/:id"
              element={
                <RequirePermission permission="programme.read">
                  <ProgrammePage />
                </RequirePermission>
              }
            />
            {PLACEHOLDER_MODULES.map((m) => (
              <Route key={m.key} path={m.path.slice(1)} element={<PlaceholderPage module={m.key} />} />
            ))}
            <Route
              path="admin/organizations"
              element={
                <RequirePermission permission="organization.update">
                  <OrganizationsPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/users"
              element={
                <RequirePermission permission="user.read">
                  <UsersPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/audit"
              element={
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
