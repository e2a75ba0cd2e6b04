import type { DeliveryChannel, NotificationKind, NotificationPreferences } from '@framecast/client';
import { deliveryOrder, deliveryWords, kindOrder, kindWords } from './notification-settings.words.js';

export interface DeliveryTableProps {
  types: NotificationPreferences['types'];
  onChange: (kind: NotificationKind, delivery: DeliveryChannel, on: boolean) => void;
}

/** A row per kind of notification, a checkbox per way it is delivered. */
export function DeliveryTable({ types, onChange }: DeliveryTableProps) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[28rem] text-sm">
        <caption className="sr-only">How each kind of notification reaches you</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs font-semibold tracking-wide text-subtle uppercase">
            <th scope="col" className="py-2 pr-4 font-semibold">
              Notify me of
            </th>
            {deliveryOrder.map((delivery) => (
              <th key={delivery} scope="col" className="px-3 py-2 text-center font-semibold">
                {deliveryWords[delivery]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kindOrder.map((kind) => (
            <tr key={kind} className="border-b border-line last:border-b-0">
              <th scope="row" className="py-3 pr-4 text-left font-normal">
                <span className="block font-semibold text-fg">{kindWords[kind].label}</span>
                <span className="block text-xs text-subtle">{kindWords[kind].hint}</span>
              </th>
              {deliveryOrder.map((delivery) => (
                <td key={delivery} className="px-3 py-3 text-center">
                  <input
                    type="checkbox"
                    aria-label={`${deliveryWords[delivery]}: ${kindWords[kind].label.toLowerCase()}`}
                    checked={types[kind][delivery]}
                    onChange={(event) => onChange(kind, delivery, event.target.checked)}
                    className="size-4 cursor-pointer accent-brand focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
