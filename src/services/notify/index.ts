// Notifications (issue 12 part 3): the generic entry other features call inside their own
// transaction, and the message shape. See docs/notifications.md.
export { notify, type NotifyEvent } from './notify';
export type { Message, NotifyKind, NotifyLevel } from './messages';
