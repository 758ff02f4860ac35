/** Which build of the app this is, as shown under Settings. */
export const BUILD_ID: string = typeof __SHOUHU_BUILD_ID__ === 'string' ? __SHOUHU_BUILD_ID__ : 'dev';
