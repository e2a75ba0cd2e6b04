import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { createContext, type ReactNode, useContext, useState } from 'react';
import { isPlainLeftClick } from './app-link.js';
import { cn } from './cn.js';
import { CheckIcon } from './icons.js';

/** `surface`: the app's raised panel; `video`: dark glass over a playing video. */
export type MenuLook = 'surface' | 'video';

const looks: { [look in MenuLook]: { content: string; item: string; label: string; separator: string } } = {
  surface: {
    content: 'border-line bg-raised',
    item: 'text-fg data-highlighted:bg-overlay',
    label: 'text-subtle',
    separator: 'bg-line',
  },
  video: {
    content: 'border-white/10 bg-black/90 backdrop-blur',
    item: 'text-white data-highlighted:bg-white/15',
    label: 'text-white/60',
    separator: 'bg-white/10',
  },
};

/** How wide the menu is: `md` for a list of actions, `lg` for a list of things to read (notifications). */
export type MenuWidth = 'sm' | 'md' | 'lg';
const widths: { [width in MenuWidth]: string } = {
  sm: 'w-52',
  md: 'w-64',
  lg: 'w-[24rem] max-w-[calc(100vw-1rem)]',
};

const Look = createContext<MenuLook>('surface');
/** Closes the menu, for an item that acts on its own click (a link routed in-app). */
const Close = createContext<() => void>(() => {});

export interface MenuProps {
  /** The button's accessible name, which also names the menu, e.g. "Account menu". */
  label: string;
  /** What the button shows, e.g. an avatar. */
  trigger: ReactNode;
  children: ReactNode;
  /** The button's shape and colours; a round button by default. */
  triggerClassName?: string;
  look?: MenuLook;
  /** Where the menu opens from the button. */
  side?: 'top' | 'bottom';
  /** `md` by default (`sm` in the `video` look). */
  width?: MenuWidth;
}

/**
 * A menu button (WAI-ARIA pattern, Radix): Enter, Space or ArrowDown open it, arrow keys, Home, End and typing
 * move, Escape closes it and focus returns to the button. The menu renders in place rather than in a portal, so it
 * stays inside its remote's style scope and inside a fullscreen player; keys pressed in it go no further.
 */
export function Menu({
  label,
  trigger,
  children,
  triggerClassName,
  look = 'surface',
  side = 'bottom',
  width = look === 'video' ? 'sm' : 'md',
}: MenuProps) {
  // Held here so that an item routing on its own click can close the menu (`Close`).
  const [open, setOpen] = useState(false);
  return (
    // Not modal: the page stays in the accessibility tree, so the button still says the menu is expanded.
    <DropdownMenu.Root modal={false} open={open} onOpenChange={setOpen}>
      <DropdownMenu.Trigger
        aria-label={label}
        className={cn(
          'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand',
          triggerClassName ?? 'flex items-center rounded-full',
        )}
      >
        {trigger}
      </DropdownMenu.Trigger>
      <DropdownMenu.Content
        align="end"
        side={side}
        sideOffset={8}
        onKeyDown={(event) => event.stopPropagation()}
        className={cn(
          'z-50 flex flex-col rounded-card border p-1.5 shadow-popover outline-none',
          looks[look].content,
          widths[width],
        )}
      >
        <Look.Provider value={look}>
          <Close.Provider value={() => setOpen(false)}>{children}</Close.Provider>
        </Look.Provider>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}

const itemClasses =
  'flex w-full cursor-default items-center gap-3 rounded-control px-2.5 text-left text-sm outline-none';

export interface MenuItemProps {
  onSelect: () => void;
  icon?: ReactNode;
  children: ReactNode;
  tone?: 'default' | 'danger';
  /** The menu stays open once it is chosen ("Load more", "Mark all as read"). */
  keepOpen?: boolean;
  disabled?: boolean;
}

/** An action; choosing it closes the menu, unless `keepOpen`. */
export function MenuItem({ onSelect, icon, children, tone = 'default', keepOpen = false, disabled }: MenuItemProps) {
  const look = useContext(Look);
  return (
    <DropdownMenu.Item
      onSelect={(event) => {
        if (keepOpen) event.preventDefault();
        onSelect();
      }}
      disabled={disabled}
      className={cn(itemClasses, 'py-2 data-disabled:opacity-60', looks[look].item, tone === 'danger' && 'text-danger')}
    >
      {icon && <span className="flex shrink-0 text-muted [&>svg]:size-4.5">{icon}</span>}
      {children}
    </DropdownMenu.Item>
  );
}

export interface MenuLinkItemProps {
  href: string;
  /** The app's navigate callback: a plain click routes in-app, a modified one (new tab) stays with the browser. */
  navigate: (to: string) => void;
  /** Called as the link is followed, either way. */
  onSelect?: () => void;
  icon?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A link in a menu (`menuitem` on an `<a>`): Enter or a click follows it and closes the menu. */
export function MenuLinkItem({ href, navigate, onSelect, icon, children, className }: MenuLinkItemProps) {
  const look = useContext(Look);
  const close = useContext(Close);
  return (
    <DropdownMenu.Item asChild onSelect={() => onSelect?.()}>
      <a
        href={href}
        onClick={(event) => {
          if (!isPlainLeftClick(event)) return;
          // Routed here, so the menu's own selection (skipped for a handled click) is done here too.
          event.preventDefault();
          onSelect?.();
          close();
          navigate(href);
        }}
        className={cn(itemClasses, 'py-2', looks[look].item, className)}
      >
        {icon && <span className="flex shrink-0 text-muted [&>svg]:size-4.5">{icon}</span>}
        {children}
      </a>
    </DropdownMenu.Item>
  );
}

export interface MenuRadioGroupProps<V extends string> {
  /** Shown above the choices and names their group. */
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
}

/** One choice among several (`menuitemradio`), the chosen one checked. */
export function MenuRadioGroup<V extends string>({ label, value, options, onChange }: MenuRadioGroupProps<V>) {
  const look = useContext(Look);
  return (
    <>
      <DropdownMenu.Label
        aria-hidden="true"
        className={cn('px-2.5 pt-1 pb-1 text-xs font-semibold tracking-wide uppercase', looks[look].label)}
      >
        {label}
      </DropdownMenu.Label>
      <DropdownMenu.RadioGroup
        aria-label={label}
        value={value}
        onValueChange={(next) => onChange(next as V)}
        className="flex flex-col"
      >
        {options.map((option) => (
          <DropdownMenu.RadioItem
            key={option.value}
            value={option.value}
            className={cn(itemClasses, 'gap-2 py-1.5', looks[look].item)}
          >
            <span className="flex size-4 shrink-0">
              <DropdownMenu.ItemIndicator>
                <CheckIcon className="size-4" />
              </DropdownMenu.ItemIndicator>
            </span>
            {option.label}
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </>
  );
}

/** Anything that is not a choice, e.g. who is signed in at the top of the account menu. */
export function MenuHeader({ children }: { children: ReactNode }) {
  return <div className="flex items-center gap-3 px-2.5 pt-1.5 pb-2.5">{children}</div>;
}

export function MenuSeparator() {
  const look = useContext(Look);
  return <DropdownMenu.Separator className={cn('my-1.5 h-px', looks[look].separator)} />;
}
