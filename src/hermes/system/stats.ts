/**
 * @module
 * Host statistics for the System page (api-contract A.1 `GET /api/system/stats`): the
 * identity fields always, and CPU, memory, disk (of the Hermes home), load average,
 * uptime and this process where the platform tells them. Hermes gathers the optional
 * ones with psutil; here they come from `node:os`, `/proc` and `statfs`.
 *
 * The `python_*` fields name the runtime serving the dashboard (Node.js or Deno), so a
 * client showing "runtime version" stays truthful.
 */
import { cpus, freemem, hostname, loadavg, machine, release, totalmem, type as osType, uptime, version } from "node:os";
import { readFileSync } from "node:fs";
import { statfs } from "node:fs/promises";

export interface SystemStats {
	os: string;
	os_release: string;
	os_version: string;
	platform: string;
	arch: string;
	hostname: string;
	python_version: string;
	python_impl: string;
	hermes_version: string | null;
	cpu_count: number;
	psutil: boolean;
	memory?: { total: number; available: number; used: number; percent: number };
	disk?: { total: number; used: number; free: number; percent: number };
	cpu_percent?: number;
	load_avg?: number[];
	uptime_seconds?: number;
	process?: { pid: number; rss: number; create_time: number; num_threads: number | null };
}

interface CpuSample {
	idle: number;
	total: number;
}

function sampleCpu(): CpuSample {
	let idle = 0;
	let total = 0;
	for (const cpu of cpus()) {
		const t = cpu.times;
		idle += t.idle;
		total += t.user + t.nice + t.sys + t.idle + t.irq;
	}
	return { idle, total };
}

/** The previous sample: utilisation is the busy share of the time between two calls. */
let previous: CpuSample | null = null;

async function cpuPercent(): Promise<number | undefined> {
	let before = previous;
	if (before === null) {
		before = sampleCpu();
		// First call: a short window of our own, as psutil's `interval=0.1`.
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const now = sampleCpu();
	previous = now;
	const total = now.total - before.total;
	if (total <= 0) {
		return undefined;
	}
	return round1((1 - (now.idle - before.idle) / total) * 100);
}

function round1(value: number): number {
	return Math.round(Math.max(0, Math.min(100, value)) * 10) / 10;
}

/** MemAvailable from /proc/meminfo (Linux); free memory elsewhere. */
function availableMemory(): number {
	try {
		const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
		if (match?.[1] !== undefined) {
			return Number(match[1]) * 1024;
		}
	} catch {
		// Not Linux.
	}
	return freemem();
}

function threadCount(): number | null {
	try {
		const match = /^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"));
		return match?.[1] === undefined ? null : Number(match[1]);
	} catch {
		return null;
	}
}

function runtime(): { name: string; version: string } {
	const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno;
	return deno?.version?.deno !== undefined
		? { name: "Deno", version: deno.version.deno }
		: { name: "Node.js", version: process.versions.node };
}

function safe<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}

/** Collects the stats; `nowMs` (the app clock) dates the process start. */
export async function systemStats(
	home: string,
	options: { hermesVersion: string | null; nowMs: number },
): Promise<SystemStats> {
	const run = runtime();
	const stats: SystemStats = {
		os: osType(),
		os_release: release(),
		os_version: safe(version) ?? "",
		platform: `${osType()}-${release()}-${safe(machine) ?? process.arch}`,
		arch: safe(machine) ?? process.arch,
		hostname: hostname(),
		python_version: run.version,
		python_impl: run.name,
		hermes_version: options.hermesVersion,
		cpu_count: cpus().length,
		psutil: false,
	};
	const total = safe(totalmem);
	if (total !== undefined && total > 0) {
		const available = availableMemory();
		stats.memory = {
			total,
			available,
			used: total - available,
			percent: round1(((total - available) / total) * 100),
		};
	}
	const fs = await statfs(home).catch(() => undefined);
	if (fs !== undefined) {
		const size = fs.blocks * fs.bsize;
		const free = fs.bavail * fs.bsize;
		const used = (fs.blocks - fs.bfree) * fs.bsize;
		// psutil's percent: used over what a normal user can have (used + available).
		stats.disk = { total: size, used, free, percent: used + free > 0 ? round1((used / (used + free)) * 100) : 0 };
	}
	const cpu = await cpuPercent().catch(() => undefined);
	if (cpu !== undefined) stats.cpu_percent = cpu;
	const load = safe(loadavg);
	if (load !== undefined && process.platform !== "win32")
		stats.load_avg = load.map((value) => Math.round(value * 100) / 100);
	const up = safe(uptime);
	if (up !== undefined) stats.uptime_seconds = Math.floor(up);
	stats.process = {
		pid: process.pid,
		rss: process.memoryUsage.rss(),
		create_time: Math.floor((options.nowMs - process.uptime() * 1000) / 1000),
		num_threads: threadCount(),
	};
	// The rich fields psutil gives Hermes are all here: clients may show them.
	stats.psutil = stats.memory !== undefined && stats.cpu_percent !== undefined;
	return stats;
}
