/**
 * lucide-static ships each icon as an ES module whose default export is the SVG text,
 * without declarations for the per-icon modules.
 */
declare module "lucide-static/dist/esm/icons/*.mjs" {
	const svg: string;
	export default svg;
}
