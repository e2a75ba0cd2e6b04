import type { FramecastClient, RemoteProps } from '@framecast/client';
import type { QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';

/**
 * The props a remote's component gets, from react-router, the app's client and its QueryClient: the shell gives
 * them this way, and so does a remote running standalone. Kept out of the main entry so that exposed
 * components never bundle react-router.
 */
export function useRemoteProps(client: FramecastClient, queryClient: QueryClient): RemoteProps {
  const routerNavigate = useNavigate();
  const params = useParams();
  const { search } = useLocation();
  return useMemo(
    () => ({
      client,
      queryClient,
      navigate: (to: string, options?: { replace?: boolean }) => void routerNavigate(to, options),
      params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)),
      search,
    }),
    [client, queryClient, routerNavigate, params, search],
  );
}
