import type { AnchorHTMLAttributes, MouseEvent } from 'react';

/** True for a click the app should route itself; modified clicks (new tab, download) stay with the browser. */
export function isPlainLeftClick(event: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey'>) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export interface AppLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string;
  /** The shell's navigate callback: remotes route without owning the router. */
  navigate: (to: string) => void;
}

/** A real link (middle-click and "open in new tab" work) that routes in-app on a plain click. */
export function AppLink({ href, navigate, onClick, target, ...rest }: AppLinkProps) {
  return (
    <a
      href={href}
      target={target}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || target || !isPlainLeftClick(event)) return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
