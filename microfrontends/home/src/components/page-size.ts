/** Items asked for at a time: twelve fills whole rows of every grid (2, 3, 4 or 6 columns). */
export const PAGE_SIZE = 12;
