import type { ReactNode } from 'react';

export interface DiscoverySectionProps {
  id: string;
  title: string;
  icon?: ReactNode;
  /** Controls at the right of the heading, e.g. sort tabs. */
  actions?: ReactNode;
  children: ReactNode;
}

/** One row of the home page. New kinds of content (videos, live streams) arrive as new sections. */
export function DiscoverySection({ id, title, icon, actions, children }: DiscoverySectionProps) {
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={`${id}-title`} className="flex items-center gap-2 text-lg font-bold text-fg">
          {icon && <span className="text-brand [&>svg]:size-5">{icon}</span>}
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
