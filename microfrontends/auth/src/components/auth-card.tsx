import type { FramecastClient } from '@framecast/client';
import { AppLink, Card } from '@framecast/ui';
import type { ReactNode } from 'react';
import { OidcOption } from './oidc-option.js';

export interface AuthCardProps {
  title: string;
  subtitle: ReactNode;
  client: FramecastClient;
  navigate: (to: string) => void;
  /** Where to go once signed in; the sign-in provider and the other form keep it. */
  returnTo: string;
  /** The link under the card to the other form: sign up from sign in, and back. */
  other: { question: string; label: string; path: string };
  /** The password form. */
  children: ReactNode;
}

/** The centred card that holds the sign-in and sign-up forms, with the sign-in provider above the form. */
export function AuthCard({ title, subtitle, client, navigate, returnTo, other, children }: AuthCardProps) {
  const otherHref = returnTo === '/' ? other.path : `${other.path}?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-4 py-6 sm:py-12">
      <title>{`${title} · Framecast`}</title>
      <Card className="flex flex-col gap-6 p-6 sm:p-8">
        <div className="flex flex-col gap-1.5 text-center">
          <h1 className="text-2xl font-bold tracking-tight text-fg">{title}</h1>
          <p className="text-sm text-muted">{subtitle}</p>
        </div>
        <OidcOption client={client} returnTo={returnTo} />
        {children}
      </Card>
      <p className="text-center text-sm text-muted">
        {other.question}{' '}
        <AppLink href={otherHref} navigate={navigate} className="font-semibold text-brand hover:underline">
          {other.label}
        </AppLink>
      </p>
    </div>
  );
}
