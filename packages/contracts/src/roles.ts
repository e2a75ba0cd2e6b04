export const roles = ['viewer', 'creator', 'moderator', 'admin'] as const;
export type Role = (typeof roles)[number];
