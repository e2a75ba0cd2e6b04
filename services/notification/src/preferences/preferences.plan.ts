import {
  type Delivery,
  type NotificationKind,
  type NotificationPreferencesUpdate,
  notificationKinds,
} from '@framecast/contracts';
import { defaultDelivery } from '../notices/notice.plan.js';

export type KindDeliveries = Record<NotificationKind, Delivery>;

/** The reader's deliveries per kind: their rows over the defaults. Pure. */
export function deliveriesOf(rows: readonly ({ kind: NotificationKind } & Delivery)[]): KindDeliveries {
  const out = { ...defaultDelivery };
  for (const row of rows) out[row.kind] = { inApp: row.inApp, email: row.email, push: row.push };
  return out;
}

/** The kinds an update changes, each with its whole new delivery. Pure. */
export function changedDeliveries(
  current: KindDeliveries,
  update: NotificationPreferencesUpdate['types'],
): { kind: NotificationKind; delivery: Delivery }[] {
  if (!update) return [];
  return notificationKinds.flatMap((kind) => {
    const patch = update[kind];
    if (!patch) return [];
    return [{ kind, delivery: { ...current[kind], ...patch } }];
  });
}
