/**
 * @module
 * Opens the dashboard in the user's browser, only where a display exists.
 */
import { spawn } from "node:child_process";

export function hasDisplay(env: Record<string, string | undefined>): boolean {
	if (process.platform === "darwin" || process.platform === "win32") {
		return true;
	}
	return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function openBrowser(url: string): void {
	const [command, args] =
		process.platform === "darwin"
			? ["open", [url]]
			: process.platform === "win32"
				? ["cmd", ["/c", "start", "", url]]
				: ["xdg-open", [url]];
	try {
		const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
		child.on("error", () => {});
		child.unref();
	} catch {
		// No opener: the URL is printed anyway.
	}
}
