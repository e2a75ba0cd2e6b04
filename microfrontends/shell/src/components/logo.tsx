/** The Framecast mark (a frame with a play triangle) and wordmark. */
export function Logo({ withWordmark = true }: { withWordmark?: boolean }) {
  return (
    <span className="flex items-center gap-2">
      <svg viewBox="0 0 32 32" className="size-8 shrink-0" aria-hidden="true">
        <defs>
          <linearGradient id="framecast-logo" x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stopColor="#a78bfa" />
            <stop offset="1" stopColor="#7c3aed" />
          </linearGradient>
        </defs>
        <rect x="2" y="2" width="28" height="28" rx="8" fill="url(#framecast-logo)" />
        <path d="M13 10.5v11l9-5.5z" fill="#fff" />
      </svg>
      {withWordmark && <span className="text-lg font-extrabold tracking-tight text-fg">Framecast</span>}
    </span>
  );
}
