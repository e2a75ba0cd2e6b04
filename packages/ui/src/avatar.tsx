import { cn } from './cn.js';
import { hueOf, initialsOf } from './format.js';

export type AvatarSize = 'xs' | 'sm' | 'md' | 'lg' | 'xl';

const sizeClasses: { [size in AvatarSize]: string } = {
  xs: 'size-6 text-[0.625rem]',
  sm: 'size-8 text-xs',
  md: 'size-10 text-sm',
  lg: 'size-16 text-xl',
  xl: 'size-28 text-4xl',
};

export interface AvatarProps {
  /** The person or channel name: the image's alt text and the source of the initials. */
  name: string;
  src?: string | null;
  size?: AvatarSize;
  className?: string;
}

/** A round picture, or coloured initials when there is none. */
export function Avatar({ name, src, size = 'md', className }: AvatarProps) {
  const classes = cn('inline-flex shrink-0 overflow-hidden rounded-full select-none', sizeClasses[size], className);
  if (src) {
    return <img src={src} alt={name} className={cn(classes, 'bg-raised object-cover')} />;
  }
  const hue = hueOf(name);
  return (
    <span
      role="img"
      aria-label={name}
      className={cn(classes, 'items-center justify-center font-bold text-white')}
      style={{ background: `linear-gradient(135deg, hsl(${hue} 70% 52%), hsl(${(hue + 40) % 360} 70% 38%))` }}
    >
      <span aria-hidden="true">{initialsOf(name)}</span>
    </span>
  );
}
