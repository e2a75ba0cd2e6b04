import type { FramecastClient } from '@framecast/client';
import { Alert, Button, Spinner } from '@framecast/ui';
import { useEffect, useState } from 'react';
import { currentPushStatus, disablePush, enablePush } from '../push/web-push.js';
import { type PushStatus, pushProblemText } from '../push/web-push.plan.js';

/** Web push in this browser: whether it can work, is blocked, off or on, and the button that changes it. */
export function BrowserPushSection({ client, pushOff }: { client: FramecastClient; pushOff: boolean }) {
  const [status, setStatus] = useState<PushStatus>('checking');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    let live = true;
    currentPushStatus(client).then(
      (found) => live && setStatus(found),
      () => live && setStatus('off'),
    );
    return () => {
      live = false;
    };
  }, [client]);

  /** Runs `action`; after asking the permission, "off" means the question was closed unanswered. */
  const change = (action: () => Promise<PushStatus>, asks: boolean) => {
    setBusy(true);
    setProblem(null);
    setDismissed(false);
    action().then(
      (next) => {
        setStatus(next);
        setDismissed(asks && next === 'off');
        setBusy(false);
      },
      (error: unknown) => {
        setProblem(pushProblemText(error));
        setBusy(false);
      },
    );
  };

  return (
    <div className="flex flex-col gap-4" data-testid="browser-push">
      {status === 'checking' && (
        <p role="status" className="flex items-center gap-2 text-sm text-muted">
          <Spinner /> Checking this browser…
        </p>
      )}
      {status === 'unsupported' && (
        <Alert tone="info" title="This browser cannot show notifications from Framecast">
          Web push needs a browser with service workers and the Push API, and the site served over HTTPS.
        </Alert>
      )}
      {status === 'denied' && (
        <Alert tone="warning" title="Notifications are blocked for this site">
          Allow them in your browser’s site settings (the icon beside the address), then reload this page.
        </Alert>
      )}
      {status === 'off' && (
        <>
          <p className="text-sm text-muted">
            Get a notification on this device when something happens, even with Framecast closed. Your browser asks you
            first.
          </p>
          <div>
            <Button onClick={() => change(() => enablePush(client), true)} loading={busy}>
              Enable browser notifications
            </Button>
          </div>
        </>
      )}
      {status === 'on' && (
        <>
          <Alert tone="success">Browser notifications are on in this browser.</Alert>
          {pushOff && (
            <p className="text-sm text-muted">
              Browser push is off for every kind above, so nothing is sent yet: tick some under “Browser push”.
            </p>
          )}
          <div>
            <Button variant="secondary" onClick={() => change(() => disablePush(client), false)} loading={busy}>
              Disable
            </Button>
          </div>
        </>
      )}
      {dismissed && (
        <Alert tone="info">
          The browser’s question was closed without an answer. Select the button to be asked again.
        </Alert>
      )}
      {problem && <Alert tone="error">{problem}</Alert>}
    </div>
  );
}
