import { EmptyState } from '@framecast/ui';
import type { ReactNode } from 'react';

export interface PageMessageProps {
  /** The tab's title, e.g. "Video unavailable" (" · Framecast" is added). */
  documentTitle: string;
  icon: ReactNode;
  title: string;
  description: string;
  /** Where to go from here: links or buttons. */
  action: ReactNode;
}

/** A player page that has nothing to play, in the page's place: a video unavailable, a channel offline or unknown. */
export function PageMessage({ documentTitle, icon, title, description, action }: PageMessageProps) {
  return (
    <>
      <title>{`${documentTitle} · Framecast`}</title>
      <EmptyState icon={icon} title={title} description={description} action={action} size="lg" />
    </>
  );
}
