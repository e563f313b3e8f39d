/**
 * @module
 * Parsers for git's machine-readable output: `status --porcelain=v2 -z`,
 * `diff --numstat -z` and `worktree list --porcelain`. Pure functions, so the tests can
 * feed them exact bytes.
 */

/** One changed path of `git status --porcelain=v2 -z`. */
export interface StatusEntry {
	/** `1` ordinary, `2` rename/copy, `u` unmerged, `?` untracked. */
	tag: "1" | "2" | "u" | "?";
	/** Index and work-tree codes (`.M`, `A.`, `UU`, `??`). */
	xy: string;
	path: string;
}

export interface StatusHeader {
	branch: string | null;
	detached: boolean;
	ahead: number;
	behind: number;
}

/** `a => b` and `dir/{a => b}/f` (numstat without -z) → the new path. */
export function renamedPath(raw: string): string {
	const path = raw.trim();
	if (!path.includes(" => ")) return path;
	const open = path.indexOf("{");
	const close = path.indexOf("}", open);
	if (open >= 0 && close > open) {
		const to = path.slice(open + 1, close).split(" => ")[1] ?? "";
		return `${path.slice(0, open)}${to}${path.slice(close + 1)}`.replaceAll("//", "/");
	}
	return (path.split(" => ").pop() ?? "").trim();
}

/** Field `count` onwards of a space-separated record (paths may contain spaces). */
function fieldsFrom(record: string, count: number): string {
	let index = 0;
	for (let i = 0; i < count; i++) {
		index = record.indexOf(" ", index) + 1;
		if (index === 0) return "";
	}
	return record.slice(index);
}

/** The changed paths, in git's order; ignored (`!`) entries and headers skipped. */
export function statusEntries(raw: string): StatusEntry[] {
	const records = raw.split("\0");
	const entries: StatusEntry[] = [];
	for (let i = 0; i < records.length; i++) {
		const record = records[i] ?? "";
		const tag = record[0];
		if (tag === "?") {
			entries.push({ tag, xy: "??", path: record.slice(2) });
		} else if (tag === "u") {
			entries.push({ tag, xy: record.split(" ")[1] ?? "UU", path: fieldsFrom(record, 10) });
		} else if (tag === "1") {
			entries.push({ tag, xy: record.split(" ")[1] ?? "..", path: fieldsFrom(record, 8) });
		} else if (tag === "2") {
			entries.push({ tag, xy: record.split(" ")[1] ?? "..", path: fieldsFrom(record, 9) });
			i++; // the origin path is the next NUL-separated record
		}
	}
	return entries;
}

/** The `# branch.*` headers (with `--branch`). */
export function statusHeader(raw: string): StatusHeader {
	const header: StatusHeader = { branch: null, detached: false, ahead: 0, behind: 0 };
	for (const record of raw.split("\0")) {
		if (record.startsWith("# branch.head ")) {
			const head = record.slice("# branch.head ".length);
			header.detached = head === "(detached)";
			header.branch = header.detached ? null : head;
		} else if (record.startsWith("# branch.ab ")) {
			for (const token of record.split(" ").slice(2)) {
				const count = Number.parseInt(token.slice(1), 10) || 0;
				if (token.startsWith("+")) header.ahead = count;
				else if (token.startsWith("-")) header.behind = count;
			}
		}
	}
	return header;
}

/** A tracked entry with something in the index. */
export function isStaged(entry: StatusEntry): boolean {
	return (
		(entry.tag === "1" || entry.tag === "2") &&
		entry.xy[0] !== undefined &&
		entry.xy[0] !== "." &&
		entry.xy[0] !== "?"
	);
}

/** The rail's per-file flags. */
export function classify(entry: StatusEntry): {
	path: string;
	staged: boolean;
	unstaged: boolean;
	untracked: boolean;
	conflicted: boolean;
} {
	const worktree = entry.xy[1] ?? ".";
	return {
		path: entry.path,
		staged: isStaged(entry),
		unstaged:
			entry.tag === "?" || ((entry.tag === "1" || entry.tag === "2") && worktree !== "." && worktree !== "?"),
		untracked: entry.tag === "?",
		conflicted: entry.tag === "u",
	};
}

/** The review list's one-letter status: the index code, else the work tree's, else `M`. */
export function statusLetter(entry: StatusEntry): string {
	if (entry.tag === "?") return "?";
	if (entry.tag === "u") return "U";
	const index = entry.xy[0] ?? ".";
	const code = index !== "." ? index : (entry.xy[1] ?? ".");
	return (code === "." ? "M" : code).toUpperCase();
}

/** `git diff --numstat -z` → path → [added, removed]; binary (`-`) counts as 0. */
export function numstat(raw: string): Map<string, [number, number]> {
	const counts = new Map<string, [number, number]>();
	const records = raw.split("\0");
	for (let i = 0; i < records.length; i++) {
		const [addedText = "", removedText = "", ...rest] = (records[i] ?? "").split("\t");
		if (rest.length === 0) continue;
		const added = addedText === "-" ? 0 : Number.parseInt(addedText, 10) || 0;
		const removed = removedText === "-" ? 0 : Number.parseInt(removedText, 10) || 0;
		let path = rest.join("\t");
		if (path === "") {
			// A rename: `added\tremoved\t\0old\0new`; the row addresses the new path.
			path = records[i + 2] ?? "";
			i += 2;
		}
		if (path !== "") counts.set(path, [added, removed]);
	}
	return counts;
}

export interface WorktreeRecord {
	path: string;
	branch: string | null;
	detached: boolean;
	bare: boolean;
	locked: boolean;
}

/** `git worktree list --porcelain`: blank-line separated records, the main one first. */
export function worktreeRecords(raw: string): WorktreeRecord[] {
	const trees: WorktreeRecord[] = [];
	let current: WorktreeRecord | null = null;
	for (const line of raw.split("\n")) {
		if (line.startsWith("worktree ")) {
			if (current !== null) trees.push(current);
			current = { path: line.slice(9).trim(), branch: null, detached: false, bare: false, locked: false };
			continue;
		}
		if (current === null) continue;
		if (line.startsWith("branch ")) {
			current.branch = line
				.slice(7)
				.trim()
				.replace(/^refs\/heads\//, "");
		} else if (line === "detached") {
			current.detached = true;
		} else if (line === "bare") {
			current.bare = true;
		} else if (line.startsWith("locked")) {
			current.locked = true;
		}
	}
	if (current !== null) trees.push(current);
	return trees;
}
