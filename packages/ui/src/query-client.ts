import { isApiError } from '@framecast/client';
import { QueryClient } from '@tanstack/react-query';

/** Attempts after the first: a network failure or a server error may pass; an answer such as 404 or 403 will not. */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (isApiError(error) && error.status < 500) return false;
  return failures < 2;
}

/**
 * The one QueryClient of a page: the shell makes it and hands it to every remote through `RemoteProps`
 * (a remote running standalone makes its own). One cache, so a change saved in one remote shows in another.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: shouldRetry } } });
}
