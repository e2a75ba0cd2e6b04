import { Card } from '@framecast/ui';
import type { ReactNode } from 'react';

/** One section of a settings page: its title and what it is for on the left, its controls on the right. */
export function SettingsCard({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card className="grid gap-6 p-6 md:grid-cols-[14rem_1fr]">
      <div className="flex flex-col gap-1">
        <h2 className="text-base font-semibold text-fg">{title}</h2>
        <p className="text-sm text-muted">{description}</p>
      </div>
      <div className="min-w-0">{children}</div>
    </Card>
  );
}
