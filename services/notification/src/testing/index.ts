export {
  follow,
  listen,
  type NotificationHarness,
  notifications,
  preferences,
  reader,
  startNotificationModule,
} from './notification.harness.js';
