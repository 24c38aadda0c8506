import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAdmin, RequireAuth, RequireModerator } from './guards.tsx';
import { Layout } from './Layout.tsx';
import { RouteError } from './RouteError.tsx';

/** Every page is its own chunk: a visitor downloads only the shell and the page they open. */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError standalone />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, ...page(() => import('./pages/HomePage.tsx')) },
          { path: 'setup', ...page(() => import('../modules/community/web/SetupPage.tsx')) },
          { path: 'login', ...page(() => import('../modules/accounts/web/LoginPage.tsx')) },
          { path: 'signup', ...page(() => import('../modules/accounts/web/SignupPage.tsx')) },
          { path: 'verified', ...page(() => import('../modules/accounts/web/VerifiedPage.tsx')) },
          { path: 'forgot-password', ...page(() => import('../modules/accounts/web/ForgotPasswordPage.tsx')) },
          { path: 'reset-password', ...page(() => import('../modules/accounts/web/ResetPasswordPage.tsx')) },
          { path: 'magic-link', ...page(() => import('../modules/accounts/web/MagicLinkPage.tsx')) },
          { path: 'two-factor', ...page(() => import('../modules/accounts/web/TwoFactorPage.tsx')) },
          // Public spaces are readable without an account, so these pages guard themselves via the API.
          { path: 'spaces', ...page(() => import('../modules/spaces/web/SpacesPage.tsx')) },
          { path: 'spaces/:slug', ...page(() => import('../modules/spaces/web/SpacePage.tsx')) },
          { path: 'posts/:id', ...page(() => import('../modules/spaces/web/PostPage.tsx')) },
          { path: 'search', ...page(() => import('../modules/search/web/SearchPage.tsx')) },
          // Public events are visible without an account; the pages ask the API what this visitor may see.
          { path: 'calendar', ...page(() => import('../modules/events/web/CalendarPage.tsx')) },
          { path: 'events/:id/:key?', ...page(() => import('../modules/events/web/EventPage.tsx')) },
          // Visitors come here from the public page (/join); the page asks them to sign up first.
          { path: 'checkout', ...page(() => import('../modules/memberships/web/CheckoutPage.tsx')) },
          {
            element: <RequireAuth />,
            children: [
              { path: 'profile', ...page(() => import('../modules/accounts/web/ProfilePage.tsx')) },
              { path: 'settings', ...page(() => import('../modules/accounts/web/SettingsPage.tsx')) },
              { path: 'notifications', ...page(() => import('../modules/notifications/web/NotificationsPage.tsx')) },
              {
                path: 'settings/notifications',
                ...page(() => import('../modules/notifications/web/NotificationSettingsPage.tsx')),
              },
              { path: 'settings/mutes', ...page(() => import('../modules/moderation/web/MutesPage.tsx')) },
              { path: 'membership', ...page(() => import('../modules/memberships/web/MembershipPage.tsx')) },
              { path: 'settings/calendar', ...page(() => import('../modules/events/web/CalendarSettingsPage.tsx')) },
              {
                // Moderators are not admins: moderation has its own area, linked from the admin tabs too.
                path: 'moderation',
                element: <RequireModerator />,
                children: [
                  {
                    ...page(() => import('../modules/moderation/web/ModerationLayout.tsx')),
                    children: [
                      { index: true, ...page(() => import('../modules/moderation/web/QueuePage.tsx')) },
                      { path: 'log', ...page(() => import('../modules/moderation/web/LogPage.tsx')) },
                      { path: 'settings', ...page(() => import('../modules/moderation/web/SettingsPage.tsx')) },
                    ],
                  },
                ],
              },
              {
                path: 'admin',
                element: <RequireAdmin />,
                children: [
                  {
                    ...page(() => import('../modules/admin/web/AdminLayout.tsx')),
                    children: [
                      { index: true, ...page(() => import('../modules/community/web/CommunitySettingsPage.tsx')) },
                      { path: 'members', ...page(() => import('../modules/admin/web/MembersPage.tsx')) },
                      { path: 'spaces', ...page(() => import('../modules/spaces/web/AdminSpacesPage.tsx')) },
                      { path: 'outbox', ...page(() => import('../modules/admin/web/OutboxPage.tsx')) },
                      {
                        path: 'memberships',
                        ...page(() => import('../modules/memberships/web/admin/MembershipsLayout.tsx')),
                        children: [
                          { index: true, ...page(() => import('../modules/memberships/web/admin/DashboardPage.tsx')) },
                          { path: 'members', ...page(() => import('../modules/memberships/web/admin/MembersPage.tsx')) },
                          { path: 'payments', ...page(() => import('../modules/memberships/web/admin/PaymentsPage.tsx')) },
                          { path: 'tiers', ...page(() => import('../modules/memberships/web/admin/TiersPage.tsx')) },
                          { path: 'offers', ...page(() => import('../modules/memberships/web/admin/OffersPage.tsx')) },
                          { path: 'enrolment', ...page(() => import('../modules/memberships/web/admin/EnrolmentPage.tsx')) },
                          { path: 'settings', ...page(() => import('../modules/memberships/web/admin/SettingsPage.tsx')) },
                        ],
                      },
                      {
                        path: 'events',
                        ...page(() => import('../modules/events/web/admin/EventsAdminLayout.tsx')),
                        children: [
                          { index: true, ...page(() => import('../modules/events/web/admin/EventsListPage.tsx')) },
                          { path: 'new', ...page(() => import('../modules/events/web/admin/EventEditPage.tsx')) },
                          { path: ':id/edit', ...page(() => import('../modules/events/web/admin/EventEditPage.tsx')) },
                          { path: 'programme', ...page(() => import('../modules/events/web/admin/ProgrammePage.tsx')) },
                          { path: 'settings', ...page(() => import('../modules/events/web/admin/EventSettingsPage.tsx')) },
                        ],
                      },
                      { path: 'outbox/:id', ...page(() => import('../modules/admin/web/OutboxPage.tsx')) },
                    ],
                  },
                ],
              },
            ],
          },
          { path: '*', ...page(() => import('./pages/NotFoundPage.tsx')) },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
