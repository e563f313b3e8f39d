/**
 * @module
 * Finding the Hermes Agent install that owns a home, and its version. The version lives
 * in `hermes_cli/__init__.py` (`__version__`, `__release_date__`); we read that file
 * rather than run Python, which costs a second.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { isInContainer } from "./container.ts";

export interface HermesInstall {
	found: boolean;
	version: string | null;
	releaseDate: string | null;
	/** Folder holding `hermes_cli/`, when found. */
	root: string | null;
	/** The `hermes` launcher found on PATH, if any. */
	launcher: string | null;
}

/**
 * A managed install (hermes-home §1.3): `HERMES_MANAGED` names a package manager (or is
 * truthy), or HERMES_HOME holds a `.managed` marker. Hermes then refuses config and .env
 * writes. Running in a container alone does not make an install managed (§1.4: it only
 * skips chmods).
 */
export function isManagedInstall(home: string, env: Record<string, string | undefined>): boolean {
	return (
		/^(true|1|yes|nix|nixos|brew|homebrew)$/i.test((env.HERMES_MANAGED ?? "").trim()) ||
		existsSync(join(home, ".managed"))
	);
}

/**
 * Whether `hermes update` may replace the install in place (`can_update_hermes`): found,
 * not managed, and not a container's baked-in copy. A git checkout inside a container
 * updates like any other (api-contract A.1; hermes-home §17.2 "managed-runtime").
 */
export function canUpdateInPlace(
	install: HermesInstall,
	home: string,
	env: Record<string, string | undefined>,
): boolean {
	if (!install.found || isManagedInstall(home, env)) {
		return false;
	}
	return !isInContainer(env) || (install.root !== null && existsSync(join(install.root, ".git")));
}

/** The config schema version this dashboard knows (Hermes 0.18.2). */
export const LATEST_CONFIG_VERSION = 33;

function readInit(root: string): { version: string; releaseDate: string | null } | null {
	try {
		const text = readFileSync(join(root, "hermes_cli", "__init__.py"), "utf8");
		const version = /__version__\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
		if (version === undefined) {
			return null;
		}
		const releaseDate = /__release_date__\s*=\s*["']([^"']+)["']/.exec(text)?.[1] ?? null;
		return { version, releaseDate };
	} catch {
		return null;
	}
}

function findOnPath(name: string, pathValue: string | undefined): string | null {
	for (const dir of (pathValue ?? "").split(delimiter)) {
		if (dir === "") {
			continue;
		}
		const candidate = join(dir, name);
		try {
			if (statSync(candidate).isFile()) {
				return candidate;
			}
		} catch {
			// Not here; keep looking.
		}
	}
	return null;
}

/** Site-packages folders of the virtualenv whose python a launcher's shebang names. */
function venvRoots(launcher: string): string[] {
	let firstLine: string;
	try {
		firstLine = readFileSync(launcher, "utf8").slice(0, 512).split("\n", 1)[0] ?? "";
	} catch {
		return [];
	}
	const match = /^#!\s*(\S+)/.exec(firstLine);
	if (match?.[1] === undefined || match[1].endsWith("/env")) {
		return [];
	}
	const venv = dirname(dirname(match[1]));
	const roots = [dirname(venv)];
	try {
		for (const entry of readdirSync(join(venv, "lib"))) {
			if (entry.startsWith("python")) {
				roots.push(join(venv, "lib", entry, "site-packages"));
			}
		}
	} catch {
		// No lib folder: not a virtualenv.
	}
	return roots;
}

/**
 * Looks in `HERMES_AGENT_DIR`, `<home>/hermes-agent` (where the installer puts it), then
 * the virtualenv of the `hermes` launcher on PATH.
 */
export function findHermesInstall(home: string, env: Record<string, string | undefined>): HermesInstall {
	const launcher = findOnPath("hermes", env.PATH);
	const candidates: string[] = [];
	if (env.HERMES_AGENT_DIR !== undefined && env.HERMES_AGENT_DIR !== "") {
		candidates.push(resolve(env.HERMES_AGENT_DIR));
	}
	candidates.push(join(home, "hermes-agent"));
	if (launcher !== null) {
		candidates.push(...venvRoots(launcher));
	}
	for (const root of candidates) {
		if (!existsSync(join(root, "hermes_cli"))) {
			continue;
		}
		const info = readInit(root);
		if (info !== null) {
			return { found: true, version: info.version, releaseDate: info.releaseDate, root, launcher };
		}
	}
	return { found: false, version: null, releaseDate: null, root: null, launcher };
}
