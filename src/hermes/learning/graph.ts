/**
 * @module
 * The Desktop "learning journey" graph (api-contract-clients §8), derived as Hermes's
 * learning-graph helper derives it: skills of the home with a learning signal (created
 * by the agent, or used at least once, per `skills/.usage.json`) plus the built-in
 * memory entries (`memories/MEMORY.md`, then `USER.md`, split on `\n§\n`) as nodes.
 * Skill edges come from `related_skills`; memory→skill edges from word overlap.
 */
import { readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { readConfinedTextSync } from "../home/confine.ts";
import { readFrontmatter } from "../skills/frontmatter.ts";
import { findSkillFiles } from "../skills/scan.ts";

const HEAD_CHARS = 4000;
const USAGE_TIME_KEYS = ["last_activity_at", "last_used_at", "last_viewed_at", "last_patched_at", "created_at"];
export const MEMORY_FILES = [
	["MEMORY.md", "memory"],
	["USER.md", "profile"],
] as const;
export const ENTRY_DELIMITER = "\n§\n";

interface SkillNode {
	name: string;
	category: string;
	timestamp: number | null;
	useCount: number;
	state: string;
	createdBy: unknown;
	pinned: boolean;
	related: string[];
}

export interface MemoryCard {
	source: "memory" | "profile";
	timestamp: number | null;
	title: string;
	body: string;
}

type Fields = Record<string, unknown>;

/** A top-level field, else `metadata.hermes.<key>` (where Hermes's frontmatter keeps extras). */
function field(fields: Fields, key: string): unknown {
	if (fields[key]) return fields[key];
	const meta = fields.metadata;
	const hermes = meta !== null && typeof meta === "object" ? (meta as Fields).hermes : undefined;
	return hermes !== null && typeof hermes === "object" ? (hermes as Fields)[key] : undefined;
}

function relatedSkills(fields: Fields): string[] {
	let raw = field(fields, "related_skills");
	if (typeof raw === "string") raw = raw.replace(/^\[+|\]+$/g, "").split(",");
	if (!Array.isArray(raw)) return [];
	return raw.map((item) => String(item).trim()).filter((item) => item !== "");
}

/** Epoch seconds from a number, a numeric string or an ISO time (no zone = UTC); else null. */
export function toEpochSeconds(value: unknown): number | null {
	if (value === null || value === undefined || typeof value === "boolean") return null;
	if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : null;
	const text = String(value).trim();
	if (text === "") return null;
	const number = Number(text);
	if (Number.isFinite(number)) return Math.trunc(number);
	const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
	const ms = Date.parse(hasZone ? text : `${text}Z`);
	return Number.isNaN(ms) ? null : Math.trunc(ms / 1000);
}

function readUsage(skillsDir: string): Record<string, Fields> {
	try {
		const parsed = JSON.parse(readFileSync(join(skillsDir, ".usage.json"), "utf8")) as unknown;
		if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return {};
		const clean: Record<string, Fields> = {};
		for (const [name, record] of Object.entries(parsed)) {
			if (record !== null && typeof record === "object" && !Array.isArray(record)) clean[name] = record as Fields;
		}
		return clean;
	} catch {
		return {};
	}
}

/** Every skill of the home by name (first seen wins), with its usage record folded in. */
function skillNodes(skillsDir: string): Map<string, SkillNode> {
	const usage = readUsage(skillsDir);
	const nodes = new Map<string, SkillNode>();
	for (const file of findSkillFiles(skillsDir)) {
		const text = readConfinedTextSync(skillsDir, file.path);
		if (text === null) continue;
		const fields = readFrontmatter(text.slice(0, HEAD_CHARS)).fields;
		const name = String(fields.name || file.dirName).trim();
		if (name === "" || nodes.has(name)) continue;
		const record = usage[name] ?? {};
		const category = field(fields, "category");
		// Hermes takes the folder above the skill's folder (`skills` for an uncategorised one).
		const parts = file.path.split(sep);
		const usageTime = USAGE_TIME_KEYS.map((key) => toEpochSeconds(record[key])).find((ts) => ts !== null) ?? null;
		nodes.set(name, {
			name,
			category: category ? String(category) : (parts.at(-3) ?? "general"),
			timestamp: usageTime || Math.trunc(statSync(file.path).mtimeMs / 1000),
			useCount: Number.parseInt(String(record.use_count ?? 0), 10) || 0,
			state: String(record.state || "active"),
			createdBy: record.created_by ?? null,
			pinned: Boolean(record.pinned),
			related: relatedSkills(fields),
		});
	}
	return nodes;
}

/** `MEMORY.md` cards first, then `USER.md`: one per non-empty entry. */
export function memoryCards(home: string): MemoryCard[] {
	const cards: MemoryCard[] = [];
	for (const [file, source] of MEMORY_FILES) {
		const path = join(home, "memories", file);
		let text: string | null;
		let fileTime: number;
		try {
			text = readConfinedTextSync(home, path);
			fileTime = Math.trunc(statSync(path).mtimeMs / 1000);
		} catch {
			continue;
		}
		if (text === null) continue;
		const chunks = text
			.trim()
			.split(ENTRY_DELIMITER)
			.map((chunk) => chunk.trim());
		chunks.forEach((chunk, index) => {
			if (chunk === "") return;
			const first = (chunk.split(/\r\n|\r|\n/)[0] ?? "")
				.trim()
				.replace(/^[# ]+/, "")
				.trim();
			cards.push({
				source,
				timestamp: fileTime + index,
				title: first.length > 80 ? `${first.slice(0, 80)}…` : first,
				body: chunk.slice(0, 1200),
			});
		});
	}
	return cards;
}

function words(text: string): Set<string> {
	return new Set(
		text
			.toLowerCase()
			.split(/[^a-z0-9]+/)
			.filter((word) => word.length >= 3),
	);
}

/** Up to four skills per memory card, by word overlap (a whole-name hit weighs 6). */
function memorySkillEdges(cards: MemoryCard[], skills: SkillNode[]): [string, string][] {
	const meta = skills.map((skill) => ({
		name: skill.name,
		words: words(skill.name),
		lower: skill.name.toLowerCase(),
	}));
	const edges: [string, string][] = [];
	cards.forEach((card, index) => {
		const text = `${card.title}\n${card.body}`.toLowerCase();
		const textWords = words(text);
		const scored = meta
			.map((skill) => {
				let overlap = 0;
				for (const word of skill.words) if (textWords.has(word)) overlap++;
				return { name: skill.name, score: (text.includes(skill.lower) ? 6 : 0) + overlap };
			})
			.filter((item) => item.score > 0)
			.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const item of scored.slice(0, 4)) edges.push([`memory:${card.source}:${index}`, item.name]);
	});
	return edges;
}

/** Python's `round(x, digits)` for the ratios here (half-even on the decimal value). */
function round(value: number, digits: number): number {
	return Number(value.toFixed(digits));
}

/** Counts per key in first-seen order, then sorted by count (stable, as Python's sort). */
function countsByFrequency(keys: string[]): [string, number][] {
	const counts = new Map<string, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

export function buildLearningGraph(home: string): Record<string, unknown> {
	const learned = new Map(
		[...skillNodes(join(home, "skills"))].filter(([, node]) => node.createdBy === "agent" || node.useCount > 0),
	);
	const skillEdges: [string, string][] = [];
	const seen = new Set<string>();
	for (const node of learned.values()) {
		for (const target of node.related) {
			if (!learned.has(target) || target === node.name) continue;
			const edge: [string, string] = node.name < target ? [node.name, target] : [target, node.name];
			const key = edge.join("\0");
			if (!seen.has(key)) {
				seen.add(key);
				skillEdges.push(edge);
			}
		}
	}
	const cards = memoryCards(home);
	const skills = [...learned.values()];
	const memoryEdges = memorySkillEdges(cards, skills);
	const categories = skills.map((skill) => skill.category);
	const clusters = countsByFrequency(categories);
	if (cards.length > 0) {
		clusters.push(["memory", cards.length]);
		clusters.sort((a, b) => b[1] - a[1]);
	}
	const linked = new Set(skillEdges.flat());
	const n = learned.size || 1;
	return {
		nodes: [
			...skills.map((skill) => ({
				id: skill.name,
				label: skill.name,
				kind: "skill",
				timestamp: skill.timestamp,
				category: skill.category,
				useCount: skill.useCount,
				state: skill.state,
				createdBy: skill.createdBy,
				pinned: skill.pinned,
			})),
			...cards.map((card, index) => ({
				id: `memory:${card.source}:${index}`,
				label: card.title,
				kind: "memory",
				memorySource: card.source,
				timestamp: card.timestamp,
				category: "memory",
				useCount: 0,
				state: "active",
				createdBy: "memory",
				pinned: false,
			})),
		],
		edges: [...skillEdges, ...memoryEdges].map(([source, target]) => ({ source, target })),
		clusters: clusters.map(([category, count]) => ({ category, count })),
		memory: cards,
		stats: {
			nodes: learned.size,
			related_edges: skillEdges.length,
			edges_per_node: round(skillEdges.length / n, 3),
			linked_nodes: linked.size,
			isolated_pct: round((100 * (n - linked.size)) / n, 1),
			categories: new Set(categories).size,
			agent_created: skills.filter((skill) => skill.createdBy === "agent").length,
			used: skills.filter((skill) => skill.useCount > 0).length,
			top_categories: countsByFrequency(categories).slice(0, 8),
			memory_nodes: cards.length,
			memory_skill_edges: memoryEdges.length,
			learned_skills: learned.size,
		},
	};
}
