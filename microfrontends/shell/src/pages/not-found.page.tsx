import { buttonClasses, EmptyState, SearchIcon } from '@framecast/ui';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <title>Page not found · Framecast</title>
      <EmptyState
        icon={<SearchIcon />}
        title="Page not found"
        description="There is nothing at this address. It may have moved, or the link may be mistyped."
        action={
          <Link to="/" className={buttonClasses('primary', 'md')}>
            Go to the home page
          </Link>
        }
        size="lg"
      />
    </>
  );
}
