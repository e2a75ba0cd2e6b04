import type { AuthProviders, FramecastClient } from '@framecast/client';
import { Button } from '@framecast/ui';
import { useEffect, useState } from 'react';

/**
 * "Continue with <provider>" when the server has an OpenID Connect provider. It is a full-page
 * navigation: the provider sends the browser back, and the shell restores the session as on any load.
 */
export function OidcOption({ client, returnTo }: { client: FramecastClient; returnTo: string }) {
  const [providers, setProviders] = useState<AuthProviders | null>(null);

  useEffect(() => {
    let live = true;
    // Without the list the password form still works, so a failure just hides this option.
    client.auth.providers().then(
      (result) => live && setProviders(result),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (!providers?.oidc) return null;
  return (
    <div className="flex flex-col gap-4">
      <Button variant="secondary" size="lg" onClick={() => window.location.assign(client.auth.oidcStartUrl(returnTo))}>
        Continue with {providers.oidc.name}
      </Button>
      <div className="flex items-center gap-3 text-xs text-subtle uppercase" aria-hidden="true">
        <span className="h-px flex-1 bg-line" />
        or
        <span className="h-px flex-1 bg-line" />
      </div>
    </div>
  );
}
