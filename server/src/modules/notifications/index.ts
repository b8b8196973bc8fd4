/** The notifications module's public surface. */
export { notificationRoutes } from './notifications.routes.js';
export {
  listNotifications,
  markNotificationRead,
  notifyUsers,
  type NotificationInput,
} from './notifications.service.js';
