/**
 * @module
 * The System page: one section per area (host, updates, Nous Portal, gateway, curator,
 * memory, credential pool, shell hooks, operations, backups, admin activity). Each
 * section can be rendered alone (`/ui/system/<section>`) so the script swaps only what
 * a change touched. Writes are declared on the elements (`data-call="METHOD /api/…"`,
 * `data-confirm`, `data-refresh`, `data-follow` for a background action's live log) and
 * performed by `static/js/system.js` and `system_ops.js`; secrets are never rendered.
 */
import { html } from "hono/html";
import type { SystemStats } from "../hermes/system/stats.ts";
import type { GatewayStatus } from "../hermes/gateway/runtime.ts";
import type { PortalStatus } from "../hermes/system/portal.ts";
import type { CuratorStatus } from "../hermes/system/curator.ts";
import type { MemoryStatus } from "../hermes/memory/memory.ts";
import type { PoolProvider } from "../hermes/credentials/pool.ts";
import type { HookRow } from "../hermes/hooks/shell_hooks.ts";
import type { AdminLogEntry } from "../hermes/system/admin_log.ts";
import type { CheckpointUsage } from "../hermes/system/checkpoints.ts";
import type { BackupFile } from "../hermes/backup/list.ts";
import { formatBytes, formatDuration, formatInteger, formatPercent, timeElement } from "./format.ts";
import { t, type Language } from "./i18n.ts";
import type { Markup } from "./layout.ts";

export interface SystemData {
	installed: boolean;
	stats: SystemStats;
	gateway: GatewayStatus;
	draining: boolean;
	portal: PortalStatus;
	curator: CuratorStatus;
	memory: MemoryStatus;
	pool: PoolProvider[];
	hooks: HookRow[];
	checkpoints: CheckpointUsage;
	validEvents: readonly string[];
	audit: AdminLogEntry[];
	backups: BackupFile[];
}

export const SYSTEM_SECTIONS = [
	"host",
	"updates",
	"portal",
	"gateway",
	"curator",
	"memory",
	"pool",
	"hooks",
	"operations",
	"backups",
	"audit",
] as const;
export type SystemSection = (typeof SYSTEM_SECTIONS)[number];

function bytes(value: number | undefined, lang: Language): string {
	return value === undefined ? "" : formatBytes(lang, value);
}

function errorSlot(): Markup {
	return html`<p class="sys-error" role="alert" hidden></p>`;
}

function section(name: SystemSection, title: string, body: Markup): Markup {
	return html`<section class="card sys-section" id="sys-${name}" data-section="${name}" data-testid="sys-${name}"><h2>${title}</h2>${body}${errorSlot()}</section>`;
}

function sparkline(name: string, label: string): Markup {
	return html`<svg class="sparkline" data-spark="${name}" viewBox="0 0 120 30" preserveAspectRatio="none" role="img" aria-label="${label}"><polyline points="" /></svg>`;
}

function host(data: SystemData, lang: Language): Markup {
	const s = data.stats;
	const na = t(lang, "system.unavailable");
	return section(
		"host",
		t(lang, "system.host"),
		html`<dl class="sys-grid">
<dt>${t(lang, "system.os")}</dt><dd data-testid="stat-os">${s.os} ${s.os_release}</dd>
<dt>${t(lang, "system.arch")}</dt><dd>${s.arch}</dd>
<dt>${t(lang, "system.hostname")}</dt><dd data-testid="stat-hostname">${s.hostname}</dd>
<dt>${t(lang, "system.runtime")}</dt><dd>${s.python_impl} ${s.python_version}</dd>
<dt>${t(lang, "system.hermes_version")}</dt><dd>${s.hermes_version ?? na}</dd>
<dt>${t(lang, "system.cpu")}</dt><dd><span data-stat="cpu_percent" data-testid="stat-cpu">${s.cpu_percent !== undefined ? formatPercent(lang, s.cpu_percent) : na}</span> · ${formatInteger(lang, s.cpu_count)} ${t(lang, "system.cores")} ${sparkline("cpu", t(lang, "system.cpu"))}</dd>
<dt>${t(lang, "system.memory")}</dt><dd><span data-stat="memory" data-testid="stat-memory">${s.memory !== undefined ? `${bytes(s.memory.used, lang)} / ${bytes(s.memory.total, lang)} (${formatPercent(lang, s.memory.percent)})` : na}</span> ${sparkline("memory", t(lang, "system.memory"))}</dd>
<dt>${t(lang, "system.disk")}</dt><dd data-stat="disk">${s.disk !== undefined ? `${bytes(s.disk.used, lang)} / ${bytes(s.disk.total, lang)} (${formatPercent(lang, s.disk.percent)})` : na}</dd>
<dt>${t(lang, "system.load")}</dt><dd data-stat="load_avg">${s.load_avg?.join(" · ") ?? na}</dd>
<dt>${t(lang, "system.uptime")}</dt><dd data-stat="uptime">${s.uptime_seconds !== undefined ? formatDuration(lang, s.uptime_seconds) : na}</dd>
</dl>`,
	);
}

function updates(_data: SystemData, lang: Language): Markup {
	return section(
		"updates",
		t(lang, "system.updates"),
		html`<p class="sys-update" data-testid="update-summary" data-checking="${t(lang, "system.checking")}" data-behind="${t(lang, "system.behind")}" data-newer="${t(lang, "system.newer")}" data-command="${t(lang, "system.update_command")}">${t(lang, "system.checking")}</p>
<ul class="sys-commits" data-testid="update-commits"></ul>
<button type="button" data-action="update-check">${t(lang, "system.check_now")}</button>`,
	);
}

function portal(data: SystemData, lang: Language): Markup {
	const p = data.portal;
	return section(
		"portal",
		t(lang, "system.portal"),
		html`<p><span class="badge ${p.logged_in ? "ok" : "off"}" data-testid="portal-login">${p.logged_in ? t(lang, "system.logged_in") : t(lang, "system.logged_out")}</span>
${t(lang, "system.provider")}: <code data-testid="portal-provider">${p.provider || t(lang, "system.builtin_provider")}</code></p>
<h3>${t(lang, "system.tool_gateway")}</h3>
<table class="sys-table"><tbody>${p.features.map((f) => html`<tr><td>${f.label}</td><td>${f.state}</td></tr>`)}</tbody></table>
<p><a href="${p.subscription_url}" target="_blank" rel="noopener noreferrer">${t(lang, "system.manage_subscription")}</a></p>`,
	);
}

function gateway(data: SystemData, lang: Language): Markup {
	const g = data.gateway;
	const state = g.running
		? data.draining
			? t(lang, "system.draining")
			: t(lang, "system.running")
		: t(lang, "system.stopped");
	return section(
		"gateway",
		t(lang, "system.gateway"),
		html`<p><span class="badge ${g.running ? "ok" : "off"}" data-testid="gateway-state">${state}</span>
${g.pid !== null ? html`PID <code>${g.pid}</code>` : ""} ${g.state !== null ? html`<span class="muted">${g.state}</span>` : ""}</p>
<div class="sys-actions">
<button type="button" data-call="POST /api/gateway/start" data-follow data-follow-in="operations" data-refresh="gateway">${t(lang, "system.start")}</button>
<button type="button" data-call="POST /api/gateway/restart" data-follow data-follow-in="operations" data-confirm="${t(lang, "system.confirm_restart")}" data-refresh="gateway">${t(lang, "system.restart")}</button>
<button type="button" class="danger" data-call="POST /api/gateway/stop" data-follow data-follow-in="operations" data-confirm="${t(lang, "system.confirm_stop")}" data-refresh="gateway">${t(lang, "system.stop")}</button>
${
	data.draining
		? html`<button type="button" data-call="POST /api/gateway/drain" data-body='{"action":"cancel"}' data-refresh="gateway">${t(lang, "system.cancel_drain")}</button>`
		: html`<button type="button" data-call="POST /api/gateway/drain" data-body='{"action":"drain"}' data-refresh="gateway">${t(lang, "system.drain")}</button>`
}
</div>
<p class="sys-result muted" aria-live="polite"></p>`,
	);
}

function curator(data: SystemData, lang: Language): Markup {
	const c = data.curator;
	return section(
		"curator",
		t(lang, "system.curator"),
		html`<p><span class="badge ${c.enabled ? "ok" : "off"}">${c.enabled ? t(lang, "system.enabled") : t(lang, "system.disabled")}</span>
${c.paused ? html`<span class="badge warn" data-testid="curator-paused">${t(lang, "system.paused")}</span>` : ""}
${t(lang, "system.interval")}: ${c.interval_hours ?? "—"} · ${t(lang, "system.last_run")}: ${typeof c.last_run_at === "string" ? timeElement(lang, c.last_run_at) : t(lang, "system.never")}</p>
<button type="button" data-call="PUT /api/curator/paused" data-body='${JSON.stringify({ paused: !c.paused })}' data-refresh="curator" data-testid="curator-toggle">${c.paused ? t(lang, "system.resume") : t(lang, "system.pause")}</button>`,
	);
}

function memory(data: SystemData, lang: Language): Markup {
	const m = data.memory;
	return section(
		"memory",
		t(lang, "system.memory_section"),
		html`<form class="sys-inline" data-call="PUT /api/memory/provider" data-refresh="memory">
<label>${t(lang, "system.memory_provider")} <select name="provider" data-testid="memory-provider">
<option value=""${m.active === "" ? html` selected` : ""}>${t(lang, "system.builtin_only")}</option>
${m.providers.map((p) => html`<option value="${p.name}"${p.name === m.active ? html` selected` : ""}${p.status === "ready" || p.name === m.active ? "" : html` disabled`}>${p.name} (${p.status.replace("_", " ")})</option>`)}
</select></label>
<button type="submit">${t(lang, "system.select")}</button></form>
<p>${t(lang, "system.builtin_files")}: MEMORY.md <span data-testid="memory-bytes">${bytes(m.builtin_files.memory, lang)}</span> · USER.md ${bytes(m.builtin_files.user, lang)}</p>
<p>${t(lang, "system.checkpoints")}: <span data-testid="checkpoint-bytes">${bytes(data.checkpoints.total_bytes, lang)}</span> (${formatInteger(
			lang,
			data.checkpoints.sessions.reduce((sum, item) => sum + item.files, 0),
		)} ${t(lang, "system.files")})</p>
<button type="button" class="danger" data-call="POST /api/memory/reset" data-body='{"target":"all"}' data-confirm="${t(lang, "system.confirm_reset")}" data-refresh="memory">${t(lang, "system.reset_memory")}</button>`,
	);
}

function pool(data: SystemData, lang: Language): Markup {
	return section(
		"pool",
		t(lang, "system.pool"),
		html`${
			data.pool.length === 0
				? html`<p class="muted">${t(lang, "system.pool_empty")}</p>`
				: html`<table class="sys-table" data-testid="pool-table"><tbody>${data.pool.map((p) =>
						p.entries.map(
							(
								e,
							) => html`<tr data-testid="pool-row" data-provider="${p.provider}" data-label="${String(e.label ?? "")}">
<td>${p.provider} #${e.index}</td><td>${String(e.label ?? "")}<br><span class="muted small">${String(e.source ?? "")}</span></td><td><code>${e.token_preview}</code> ${String(e.last_status ?? "")}</td>
<td><button type="button" class="danger small" data-call="DELETE /api/credentials/pool/${encodeURIComponent(p.provider)}/${e.index}" data-confirm="${t(lang, "system.confirm_remove_key")}" data-refresh="pool">${t(lang, "system.remove")}</button></td></tr>`,
						),
					)}</tbody></table>`
		}
<form class="sys-inline" data-call="POST /api/credentials/pool" data-refresh="pool" data-testid="pool-add" autocomplete="off">
<label>${t(lang, "system.provider_name")} <input name="provider" required spellcheck="false"></label>
<label>${t(lang, "system.api_key")} <input name="api_key" type="password" required spellcheck="false"></label>
<label>${t(lang, "system.label")} <input name="label" data-optional></label>
<button type="submit" class="primary">${t(lang, "system.add_key")}</button></form>`,
	);
}

function hooks(data: SystemData, lang: Language): Markup {
	return section(
		"hooks",
		t(lang, "system.hooks"),
		html`<p class="sys-warning" role="note">${t(lang, "system.hooks_warning")}</p>
${
	data.hooks.length === 0
		? html`<p class="muted">${t(lang, "system.hooks_empty")}</p>`
		: html`<table class="sys-table" data-testid="hooks-table"><tbody>${data.hooks.map(
				(h) => html`<tr data-testid="hook-row" data-event="${h.event}">
<td><code>${h.event}</code></td><td><code>${h.command}</code></td><td>${h.matcher ?? ""}</td><td>${h.timeout}s</td>
<td><span class="badge ${h.allowed ? "ok" : "warn"}">${h.allowed ? t(lang, "system.allowed") : t(lang, "system.not_allowed")}</span></td>
<td><span class="badge ${h.executable ? "ok" : "off"}">${h.executable ? t(lang, "system.executable") : t(lang, "system.not_executable")}</span></td>
<td><button type="button" class="danger small" data-call="DELETE /api/ops/hooks" data-body="${JSON.stringify({ event: h.event, command: h.command })}" data-confirm="${t(lang, "system.confirm_remove_hook")}" data-refresh="hooks">${t(lang, "system.remove")}</button></td></tr>`,
			)}</tbody></table>`
}
<form class="sys-inline" data-call="POST /api/ops/hooks" data-refresh="hooks" data-testid="hook-add" autocomplete="off">
<label>${t(lang, "system.event")} <select name="event">${data.validEvents.map((e) => html`<option value="${e}">${e}</option>`)}</select></label>
<label>${t(lang, "system.command")} <input name="command" required spellcheck="false"></label>
<label>${t(lang, "system.matcher")} <input name="matcher" data-optional spellcheck="false"></label>
<label>${t(lang, "system.timeout")} <input name="timeout" type="number" min="1" max="300" data-optional></label>
<label><input type="checkbox" name="approve"> ${t(lang, "system.approve")}</label>
<button type="submit" class="primary">${t(lang, "system.add_hook")}</button></form>`,
	);
}

function audit(data: SystemData, lang: Language): Markup {
	return section(
		"audit",
		t(lang, "system.audit"),
		data.audit.length === 0
			? html`<p class="muted">${t(lang, "system.audit_empty")}</p>`
			: html`<table class="sys-table" data-testid="audit-table"><thead><tr><th>${t(lang, "system.when")}</th><th>${t(lang, "system.who")}</th><th>${t(lang, "system.what")}</th><th>${t(lang, "system.status")}</th></tr></thead><tbody>${data.audit.map(
					(e) =>
						html`<tr data-testid="audit-row"><td class="muted">${timeElement(lang, e.ts)}</td><td>${e.user}</td><td><code>${e.method} ${e.path}</code>${e.target !== null ? html` <span class="muted">${e.target}</span>` : ""}</td><td>${e.status ?? ""}</td></tr>`,
				)}</tbody></table>`,
	);
}

/** The live log of the section's latest action (filled from its SSE stream by system.js). */
function logPanel(name: string, lang: Language): Markup {
	return html`<div class="ops-log-panel" data-testid="${name}-log-panel" hidden>
<p><span class="muted" data-role="action-name"></span> <span class="badge" data-role="action-status" data-running="${t(lang, "system.op_running")}" data-done="${t(lang, "system.op_exit")}"></span></p>
<pre class="ops-log" data-testid="${name}-log" data-role="action-log" aria-live="polite"></pre></div>`;
}

type StringKey = Parameters<typeof t>[1];

const OPERATIONS: readonly { path: string; label: StringKey; confirm?: StringKey }[] = [
	{ path: "/api/ops/doctor", label: "system.op_doctor" },
	{ path: "/api/ops/security-audit", label: "system.op_security_audit" },
	{ path: "/api/ops/prompt-size", label: "system.op_prompt_size" },
	{ path: "/api/ops/dump", label: "system.op_dump" },
	{ path: "/api/ops/config-migrate", label: "system.op_config_migrate", confirm: "system.confirm_migrate" },
	{ path: "/api/ops/checkpoints/prune", label: "system.op_prune", confirm: "system.confirm_prune" },
	{ path: "/api/curator/run", label: "system.op_curator_run" },
];

function operations(_data: SystemData, lang: Language): Markup {
	return section(
		"operations",
		t(lang, "system.operations"),
		html`<div class="sys-actions">${OPERATIONS.map(
			(op) =>
				html`<button type="button" data-call="POST ${op.path}" data-follow${op.confirm !== undefined ? html` data-confirm="${t(lang, op.confirm)}"` : ""} data-testid="op-${op.path.split("/").pop()}">${t(lang, op.label)}</button>`,
		)}
<button type="button" class="primary" data-action="hermes-update" data-testid="op-update" data-confirm-count="${t(lang, "system.confirm_update_count")}" data-confirm-unknown="${t(lang, "system.confirm_update")}" data-out-of-band="${t(lang, "system.update_out_of_band")}">${t(lang, "system.op_update")}</button>
</div>
${logPanel("operations", lang)}`,
	);
}

function backups(data: SystemData, lang: Language): Markup {
	return section(
		"backups",
		t(lang, "system.backups"),
		html`<p class="muted">${t(lang, "system.backups_note")}</p>
<div data-role="backup-list">${
			data.backups.length === 0
				? html`<p class="muted" data-testid="backups-empty">${t(lang, "system.backups_empty")}</p>`
				: html`<table class="sys-table" data-testid="backups-table"><thead><tr><th>${t(lang, "system.backup_name")}</th><th>${t(lang, "system.size")}</th><th>${t(lang, "system.when")}</th><th></th></tr></thead><tbody>${data.backups.map(
						(b) => html`<tr data-testid="backup-row" data-name="${b.name}">
<td><code>${b.name}</code></td><td>${bytes(b.size, lang)}</td><td class="muted">${timeElement(lang, b.modified * 1000)}</td>
<td><button type="button" class="small" data-action="backup-download" data-archive="${b.path}" data-name="${b.name}" data-testid="backup-download">${t(lang, "system.download")}</button>
<button type="button" class="danger small" data-call="POST /api/ops/import" data-body="${JSON.stringify({ archive: b.path, force: true })}" data-confirm="${t(lang, "system.confirm_restore")}" data-follow data-testid="backup-restore">${t(lang, "system.restore")}</button></td></tr>`,
					)}</tbody></table>`
		}</div>
<div class="sys-actions"><button type="button" class="primary" data-call="POST /api/ops/backup" data-follow data-refresh-after="backups" data-testid="backup-create">${t(lang, "system.create_backup")}</button></div>
<form class="sys-inline" data-action="import-upload" data-confirm="${t(lang, "system.confirm_restore")}" data-testid="backup-upload">
<label>${t(lang, "system.restore_upload")} <input type="file" name="file" accept=".zip,application/zip" required></label>
<button type="submit" class="danger">${t(lang, "system.restore")}</button></form>
${logPanel("backups", lang)}`,
	);
}

const RENDERERS: Record<SystemSection, (data: SystemData, lang: Language) => Markup> = {
	host,
	updates,
	portal,
	gateway,
	curator,
	memory,
	pool,
	hooks,
	operations,
	backups,
	audit,
};

export function systemSection(name: SystemSection, data: SystemData, lang: Language): Markup {
	return RENDERERS[name](data, lang);
}

export function systemPage(data: SystemData, lang: Language): Markup {
	return html`<h1>${t(lang, "system.title")}</h1>
${data.installed ? "" : html`<p class="sys-warning" role="note" data-testid="not-installed">${t(lang, "system.not_installed")}</p>`}
<div class="sys-page">${SYSTEM_SECTIONS.map((name) => RENDERERS[name](data, lang))}</div>`;
}
