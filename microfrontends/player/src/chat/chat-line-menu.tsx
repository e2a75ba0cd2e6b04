import type { ChatLine } from '@framecast/client';
import {
  BanIcon,
  ClockIcon,
  GemIcon,
  Menu,
  MenuItem,
  MenuSeparator,
  MoreIcon,
  ShieldIcon,
  TrashIcon,
} from '@framecast/ui';
import type { ChatModeration } from './chat-moderation.hook.js';

export interface ChatLineMenuProps {
  line: ChatLine;
  /** The broadcaster also makes and unmakes moderators and VIPs. */
  broadcaster: boolean;
  onAct: (action: ChatModeration) => void;
  /** Ban asks first. */
  onBan: () => void;
}

/** A moderator's menu on one message: delete it, time its author out for 10 minutes, ban them; roles for the owner. */
export function ChatLineMenu({ line, broadcaster, onAct, onBan }: ChatLineMenuProps) {
  const user = line.user;
  const name = user.displayName || user.handle;
  const isModerator = user.badges.includes('moderator');
  const isVip = user.badges.includes('vip');
  return (
    <Menu
      label={`Moderate ${name}’s message`}
      trigger={<MoreIcon className="size-4" />}
      triggerClassName="flex size-6 items-center justify-center rounded-control bg-overlay text-muted hover:text-fg"
    >
      <MenuItem icon={<TrashIcon />} onSelect={() => onAct({ kind: 'delete', id: line.id, user })}>
        Delete message
      </MenuItem>
      <MenuItem icon={<ClockIcon />} onSelect={() => onAct({ kind: 'timeout', user })}>
        Timeout for 10 minutes
      </MenuItem>
      <MenuItem icon={<BanIcon />} tone="danger" onSelect={onBan}>
        {`Ban ${name}…`}
      </MenuItem>
      {broadcaster && (
        <>
          <MenuSeparator />
          <MenuItem
            icon={<ShieldIcon />}
            onSelect={() => onAct({ kind: 'grant', list: 'moderators', user, on: !isModerator })}
          >
            {isModerator ? 'Remove moderator' : 'Make moderator'}
          </MenuItem>
          <MenuItem icon={<GemIcon />} onSelect={() => onAct({ kind: 'grant', list: 'vips', user, on: !isVip })}>
            {isVip ? 'Remove VIP' : 'Make VIP'}
          </MenuItem>
        </>
      )}
    </Menu>
  );
}
