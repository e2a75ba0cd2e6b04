/** Limits of a video's details: the edit schema, the upload's fields and the studio's forms use these. */
export const VIDEO_TITLE_MAX_LENGTH = 120;
export const VIDEO_DESCRIPTION_MAX_LENGTH = 5000;
export const VIDEO_TAG_MAX_LENGTH = 40;
export const VIDEO_TAGS_MAX = 20;
export const VIDEO_CATEGORY_MAX_LENGTH = 40;
