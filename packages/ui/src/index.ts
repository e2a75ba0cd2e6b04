export { Alert, type AlertProps, type AlertTone } from './alert.js';
export { AppLink, type AppLinkProps, isPlainLeftClick } from './app-link.js';
export { Avatar, type AvatarProps, type AvatarSize } from './avatar.js';
export { Button, type ButtonProps, type ButtonSize, type ButtonVariant, buttonClasses } from './button.js';
export { Card, type CardProps } from './card.js';
export { ChannelBanner, ChannelCard, type ChannelCardProps, type ChannelSummary } from './channel-card.js';
export {
  type ChatModeLabel,
  chatApiErrorText,
  chatModeLabels,
  chatProblemText,
  formatFollowAge,
  formatWait,
} from './chat.words.js';
export { cn } from './cn.js';
export { ConfirmDialog, type ConfirmDialogProps, Dialog, type DialogProps } from './dialog.js';
export { Dropzone, type DropzoneProps } from './dropzone.js';
export { EmptyState, type EmptyStateProps } from './empty-state.js';
export { ErrorState, type ErrorStateProps } from './error-state.js';
export { Field, type FieldControlProps, type FieldProps } from './field.js';
export { formatAgo, formatBytes, formatCount, formatDuration, hueOf, initialsOf } from './format.js';
export * from './icons.js';
export { LoadMore, type PagedQueryLike } from './load-more.js';
export {
  Menu,
  MenuHeader,
  MenuItem,
  type MenuItemProps,
  MenuLinkItem,
  type MenuLinkItemProps,
  type MenuLook,
  type MenuProps,
  MenuRadioGroup,
  type MenuRadioGroupProps,
  MenuSeparator,
  type MenuWidth,
} from './menu.js';
export { ProgressBar, type ProgressBarProps, type ProgressTone } from './progress-bar.js';
export { createQueryClient, shouldRetry } from './query-client.js';
export { type QueryLike, QueryState, type QueryStateProps } from './query-state.js';
export { RemoteScope, type RemoteScopeProps, scopedTo } from './remote-scope.js';
export { SelectField, type SelectFieldProps } from './select-field.js';
export { Skeleton } from './skeleton.js';
export { Spinner, type SpinnerProps } from './spinner.js';
export { StatusBadge, type StatusBadgeProps, statusLabel, type VideoStatusName } from './status-badge.js';
export { SwitchField, type SwitchFieldProps } from './switch-field.js';
export { TextArea, type TextAreaProps } from './text-area.js';
export { TextField, type TextFieldProps } from './text-field.js';
export { useTopic } from './topic.hook.js';
export {
  VideoCard,
  type VideoCardProps,
  VideoCardSkeleton,
  type VideoSummary,
  VideoThumbnail,
  type VideoThumbnailProps,
} from './video-card.js';
export { useViewer } from './viewer.hook.js';
