import * as RadixDialog from '@radix-ui/react-dialog';
import { type ReactNode, type RefObject, useRef } from 'react';
import { Button } from './button.js';
import { cn } from './cn.js';

const widths = { sm: 'w-[min(28rem,calc(100vw-2rem))]', md: 'w-[min(36rem,calc(100vw-2rem))]' } as const;

export interface DialogProps {
  open: boolean;
  /** Asked to close: Escape, a click outside, or a Cancel button. */
  onClose: () => void;
  /** The dialog's accessible name, shown as its heading. */
  title: string;
  /** While false (e.g. during a save) Escape and clicks outside are ignored. */
  dismissable?: boolean;
  width?: keyof typeof widths;
  /** Takes focus on close when what opened the dialog is gone, e.g. the row of a video just deleted. */
  fallbackFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}

/**
 * A modal dialog (WAI-ARIA pattern, Radix): named by its title, focus moves in and stays in, the page behind is
 * hidden from assistive technology, Escape closes it, and focus returns to what was focused before it opened.
 * It renders in place rather than in a portal, so it stays inside its remote's style scope.
 */
export function Dialog({
  open,
  onClose,
  title,
  dismissable = true,
  width = 'sm',
  fallbackFocus,
  children,
}: DialogProps) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <RadixDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && dismissable) onClose();
      }}
    >
      <RadixDialog.Overlay className="fixed inset-0 z-50 bg-black/60" />
      <RadixDialog.Content
        aria-describedby={undefined}
        onOpenAutoFocus={() => {
          opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        }}
        onCloseAutoFocus={(event) => {
          // Opened from a button elsewhere on the page rather than from a Radix trigger: focus goes back there.
          event.preventDefault();
          if (opener.current?.isConnected) opener.current.focus();
          else fallbackFocus?.current?.focus();
        }}
        className={cn(
          'fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto',
          'rounded-card border border-line bg-raised text-fg shadow-popover outline-none',
          widths[width],
        )}
      >
        <div className="flex flex-col gap-4 p-5">
          <RadixDialog.Title className="text-lg font-bold">{title}</RadixDialog.Title>
          {children}
        </div>
      </RadixDialog.Content>
    </RadixDialog.Root>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** `danger` for destructive actions such as deleting. */
  tone?: 'primary' | 'danger';
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  fallbackFocus?: DialogProps['fallbackFocus'];
}

/** A modal question with Cancel and a confirming action; it cannot be dismissed while the action runs. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'primary',
  busy = false,
  onConfirm,
  onCancel,
  fallbackFocus,
}: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onCancel} title={title} dismissable={!busy} fallbackFocus={fallbackFocus}>
      {children && <div className="text-sm text-muted">{children}</div>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button variant={tone} onClick={onConfirm} loading={busy}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
