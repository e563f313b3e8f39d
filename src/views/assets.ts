/**
 * @module
 * URLs of static and vendor files, stamped with a per-start build id so browsers may
 * cache them for a year and still pick up a new release at once.
 */

const BUILD_ID = Date.now().toString(36);

export function assetURL(path: string): string {
	return `${path}?v=${BUILD_ID}`;
}
