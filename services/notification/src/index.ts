export { createNotificationModule, type NotificationOptions, notificationModule } from './notification.module.js';
