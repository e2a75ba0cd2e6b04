import { AppLink, ErrorState } from '@framecast/ui';
import type { ReactNode } from 'react';
import { type ReportSubject, reportRefusal } from './analytics.words.js';

export interface AnalyticsHeaderProps {
  title: string;
  description: ReactNode;
  /** Where "back" goes: the channel's analytics from a video's or a stream's. */
  back?: { href: string; label: string };
  navigate: (to: string) => void;
  /** The range control, at the right. */
  controls?: ReactNode;
}

/** The heading of an analytics page: where it sits, what it is, and its range. */
export function AnalyticsHeader({ title, description, back, navigate, controls }: AnalyticsHeaderProps) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-4">
      <div className="flex min-w-0 flex-col gap-1">
        {back && (
          <AppLink href={back.href} navigate={navigate} className="text-sm font-medium text-muted hover:text-fg">
            <span aria-hidden="true">← </span>
            {back.label}
          </AppLink>
        )}
        <h1 className="truncate text-2xl font-bold tracking-tight text-fg">{title}</h1>
        <p className="text-sm text-muted">{description}</p>
      </div>
      {controls}
    </header>
  );
}

/** A 403 or 404 in words (with "Try again" when waiting may help); undefined for the plain failed state. */
export function refusalState(error: unknown, subject: ReportSubject, retry: () => void) {
  const refusal = reportRefusal(error, subject);
  if (!refusal) return undefined;
  // A new channel reaches analytics a moment after sign-up; a video or stream it does not know stays unknown.
  const mayPass = subject === 'channel' && refusal.status === 404;
  return <ErrorState title={refusal.title} message={refusal.message} onRetry={mayPass ? retry : undefined} />;
}
