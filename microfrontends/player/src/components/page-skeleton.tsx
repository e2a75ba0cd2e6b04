import { Skeleton } from '@framecast/ui';

/** What a player page looks like while it loads: the picture, the title, the channel. */
export function PlayerPageSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="flex flex-col gap-5">
      <Skeleton className="aspect-video w-full rounded-card" />
      <Skeleton className="h-7 w-2/3 rounded" />
      <div className="flex items-center gap-3">
        <Skeleton className="size-10 rounded-full" />
        <Skeleton className="h-4 w-40 rounded" />
      </div>
    </div>
  );
}
