import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { createContext, type ReactNode, useContext } from 'react';
import { cn } from './cn.js';
import { CheckIcon } from './icons.js';

/** `surface`: the app's raised panel; `video`: dark glass over a playing video. */
export type MenuLook = 'surface' | 'video';

const looks: { [look in MenuLook]: { content: string; item: string; label: string; separator: string } } = {
  surface: {
    content: 'w-64 border-line bg-raised',
    item: 'text-fg data-highlighted:bg-overlay',
    label: 'text-subtle',
    separator: 'bg-line',
  },
  video: {
    content: 'w-52 border-white/10 bg-black/90 backdrop-blur',
    item: 'text-white data-highlighted:bg-white/15',
    label: 'text-white/60',
    separator: 'bg-white/10',
  },
};

const Look = createContext<MenuLook>('surface');

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
}

/**
 * A menu button (WAI-ARIA pattern, Radix): Enter, Space or ArrowDown open it, arrow keys, Home, End and typing
 * move, Escape closes it and focus returns to the button. The menu renders in place rather than in a portal, so it
 * stays inside its remote's style scope and inside a fullscreen player; keys pressed in it go no further.
 */
export function Menu({ label, trigger, children, triggerClassName, look = 'surface', side = 'bottom' }: MenuProps) {
  return (
    // Not modal: the page stays in the accessibility tree, so the button still says the menu is expanded.
    <DropdownMenu.Root modal={false}>
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
        className={cn('z-50 flex flex-col rounded-card border p-1.5 shadow-popover outline-none', looks[look].content)}
      >
        <Look.Provider value={look}>{children}</Look.Provider>
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
}

/** An action; choosing it closes the menu. */
export function MenuItem({ onSelect, icon, children, tone = 'default' }: MenuItemProps) {
  const look = useContext(Look);
  return (
    <DropdownMenu.Item
      onSelect={onSelect}
      className={cn(itemClasses, 'py-2', looks[look].item, tone === 'danger' && 'text-danger')}
    >
      {icon && <span className="flex shrink-0 text-muted [&>svg]:size-4.5">{icon}</span>}
      {children}
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
