import type { Role } from '@framecast/contracts';

/** Who made a request, from a verified access token. */
export interface Identity {
  userId: string;
  handle: string;
  roles: Role[];
}

/** Verifies an access token; throws `AppError` 401 (`invalid_token`, `token_expired`) when it is not good. */
export interface AccessVerifier {
  verify(token: string): Promise<Identity>;
}
