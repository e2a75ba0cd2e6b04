import { isApiError } from '@framecast/client';
import { QueryClient } from '@tanstack/react-query';

/**
 * Attempts after the first: no answer (status 0) or a server error may pass on a second try; an answer such as 404,
 * 403 or 429 will not.
 */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (isApiError(error) && error.status > 0 && error.status < 500) return false;
  return failures < 2;
}

/**
 * The one QueryClient of a page: the shell makes it and hands it to every remote through `RemoteProps`
 * (a remote running standalone makes its own). One cache, so a change saved in one remote shows in another.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: shouldRetry } } });
}
