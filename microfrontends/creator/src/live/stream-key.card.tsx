import { errorMessage, type LiveSetup } from '@framecast/client';
import { Alert, Button, Card, ConfirmDialog } from '@framecast/ui';
import { useState } from 'react';

export interface StreamKeyCardProps {
  setup: LiveSetup;
  rotating: boolean;
  rotateError: unknown;
  onRotate: () => void;
}

/** Copies `text` to the clipboard; says so for a moment. */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Button variant="secondary" size="sm" onClick={() => void copy()} aria-label={label}>
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

/** One address to paste, with its copy button and a line of advice. */
function UrlRow(props: {
  label: string;
  shown: string;
  copy: string;
  copyLabel: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <dt className="font-medium text-fg">{props.label}</dt>
      <dd className="flex items-center gap-2">
        <code
          className="min-w-0 flex-1 truncate rounded-md bg-raised px-3 py-2 font-mono text-fg"
          data-testid={props.testId}
        >
          {props.shown}
        </code>
        <CopyButton text={props.copy} label={props.copyLabel} />
      </dd>
      {props.hint ? <p className="text-xs text-muted">{props.hint}</p> : null}
    </div>
  );
}

/**
 * Where to send the stream: the server URL and the stream key for OBS (the key hidden until revealed), the whole
 * URL for FFmpeg, and a way to replace a key that leaked.
 */
export function StreamKeyCard({ setup, rotating, rotateError, onRotate }: StreamKeyCardProps) {
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const masked = '•'.repeat(24);
  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-bold text-fg">Stream setup</h2>
        <p className="text-sm text-muted">
          In OBS: Settings → Stream → Service “Custom…”, then paste the server and the stream key.
        </p>
      </div>
      <dl className="flex flex-col gap-3 text-sm">
        <UrlRow label="Server" shown={setup.ingest.rtmp} copy={setup.ingest.rtmp} copyLabel="Copy the server URL" />
        <div className="flex flex-col gap-1">
          <dt className="font-medium text-fg">Stream key</dt>
          <dd className="flex items-center gap-2">
            <code
              className="min-w-0 flex-1 truncate rounded-md bg-raised px-3 py-2 font-mono text-fg"
              data-testid="stream-key"
            >
              {revealed ? setup.streamKey : masked}
            </code>
            <Button variant="secondary" size="sm" onClick={() => setRevealed((r) => !r)} aria-pressed={revealed}>
              {revealed ? 'Hide' : 'Reveal'}
            </Button>
            <CopyButton text={setup.streamKey} label="Copy the stream key" />
          </dd>
          <p className="text-xs text-muted">Whoever has the key can stream as you. Never show it on stream.</p>
        </div>
        {setup.ingest.rtmps ? (
          <UrlRow
            label="Server over TLS (RTMPS)"
            shown={setup.ingest.rtmps}
            copy={setup.ingest.rtmps}
            copyLabel="Copy the RTMPS server URL"
            hint="The same stream key; the stream is encrypted on its way here."
          />
        ) : null}
        {setup.ingest.srt ? (
          <UrlRow
            label="SRT"
            shown={revealed ? setup.ingest.srt : setup.ingest.srt.replace(setup.streamKey, masked)}
            copy={setup.ingest.srt}
            copyLabel="Copy the SRT URL"
            hint="For unsteady networks. In OBS, paste the whole URL as the server and leave the stream key empty."
            testId="srt-url"
          />
        ) : null}
        <div className="flex flex-col gap-1">
          <dt className="font-medium text-fg">With FFmpeg</dt>
          <dd className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded-md bg-raised px-3 py-2 font-mono text-xs text-fg">
              ffmpeg -re -i input.mp4 -c:v libx264 -g 60 -c:a aac -f flv{' '}
              {revealed ? setup.ingest.rtmpUrl : `${setup.ingest.rtmp}/${masked}`}
            </code>
            <CopyButton text={setup.ingest.rtmpUrl} label="Copy the full ingest URL" />
          </dd>
        </div>
      </dl>
      {rotateError ? <Alert tone="error">{errorMessage(rotateError)}</Alert> : null}
      <div>
        <Button variant="ghost" size="sm" onClick={() => setConfirming(true)} disabled={rotating}>
          Reset stream key
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Reset your stream key?"
        confirmLabel="Reset key"
        tone="danger"
        busy={rotating}
        onConfirm={() => {
          onRotate();
          setConfirming(false);
          setRevealed(false);
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The current key stops working at once{setup.status === 'live' ? ', and your stream on air ends' : ''}. Paste
          the new key into your streaming software before you go live again.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
