/**
 * @module
 * Automation blueprints (`/api/cron/blueprints*`): a job template with typed slots
 * (time, weekday set, enum, text) that a form fills in; filling one yields the body of a
 * normal job creation, so there is no second job engine. The entry shape and the fill
 * rules follow Hermes's `cron/blueprint_catalog.py`; the catalogue here is the
 * dashboard's own short list.
 */
export interface BlueprintSlot {
	name: string;
	type: "time" | "enum" | "text" | "weekdays";
	label: string;
	default: string | null;
	options: string[];
	optional: boolean;
	/** False: options are suggestions (the deliver slot), any value is accepted. */
	strict: boolean;
	help: string;
}

export interface Blueprint {
	key: string;
	title: string;
	description: string;
	category: string;
	/** A cron expression with `{minute}`, `{hour}`, `{dow}` placeholders. */
	schedule: string;
	prompt: string;
	slots: BlueprintSlot[];
	tags: string[];
}

/** A value the form must correct (HTTP 422, the message names the slot). */
export class BlueprintFillError extends Error {}

const WEEKDAY_PRESETS: Record<string, string> = { everyday: "*", weekdays: "1-5", weekends: "0,6" };
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function slot(partial: Partial<BlueprintSlot> & Pick<BlueprintSlot, "name" | "type" | "label">): BlueprintSlot {
	return { default: null, options: [], optional: false, strict: true, help: "", ...partial };
}

const timeSlot = (fallback: string): BlueprintSlot =>
	slot({ name: "time", type: "time", label: "What time?", default: fallback, help: "24h local time, e.g. 08:00" });

/** Replaced by the caller with the platforms this home can deliver to. */
export const DELIVER_SLOT_NAME = "deliver";
const deliverSlot = (): BlueprintSlot =>
	slot({
		name: DELIVER_SLOT_NAME,
		type: "enum",
		label: "Where to deliver?",
		default: "local",
		options: ["origin", "local"],
		strict: false,
		help: "local = save only; origin = your home channel; or a connected platform",
	});

export const BLUEPRINTS: readonly Blueprint[] = [
	{
		key: "morning-brief",
		title: "Morning briefing",
		description: "A short daily summary of the day ahead.",
		category: "daily",
		schedule: "{minute} {hour} * * {dow}",
		prompt: "Write a brief, scannable morning summary for today: the date, any calendar events and urgent items you can see, and the local weather if available.",
		slots: [
			timeSlot("08:00"),
			slot({
				name: "recurrence",
				type: "weekdays",
				label: "Which days?",
				default: "everyday",
				options: Object.keys(WEEKDAY_PRESETS),
			}),
			deliverSlot(),
		],
		tags: ["daily", "briefing"],
	},
	{
		key: "weekly-review",
		title: "Weekly review",
		description: "A look back at the week and the open items for the next one.",
		category: "weekly",
		schedule: "{minute} {hour} * * {dow}",
		prompt: "Summarise what happened this week in my recent sessions and list the open follow-ups for next week.",
		slots: [
			slot({ name: "day", type: "enum", label: "Which day?", default: "friday", options: DAYS }),
			timeSlot("17:00"),
			deliverSlot(),
		],
		tags: ["weekly", "review"],
	},
	{
		key: "custom-reminder",
		title: "Reminder",
		description: "Send yourself a message on any schedule.",
		category: "custom",
		schedule: "{schedule}",
		prompt: "Remind me: {message}",
		slots: [
			slot({ name: "message", type: "text", label: "Remind me to…" }),
			slot({
				name: "schedule",
				type: "text",
				label: "When?",
				default: "every 1d",
				help: "every 2h, 0 9 * * 1-5, 30m, 2026-12-01T09:00",
			}),
			deliverSlot(),
		],
		tags: ["reminder"],
	},
];

export function findBlueprint(key: string): Blueprint | null {
	return BLUEPRINTS.find((blueprint) => blueprint.key === key) ?? null;
}

/** `/blueprint <key> slot=value …` with the defaults, free text quoted (what a chat would send). */
function slashCommand(blueprint: Blueprint): string {
	const parts = [`/blueprint ${blueprint.key}`];
	for (const s of blueprint.slots) {
		if ((s.default ?? "") === "" && s.optional) continue;
		const value = s.default ?? "";
		parts.push(`${s.name}=${s.type === "text" || value.includes(" ") ? `"${value.replace(/"/g, '\\"')}"` : value}`);
	}
	return parts.join(" ");
}

/** `hermes://blueprint/<key>?slot=value` with the defaults. */
function deepLink(blueprint: Blueprint): string {
	const query = new URLSearchParams();
	for (const s of blueprint.slots) {
		if (s.default !== null && s.default !== "") query.set(s.name, s.default);
	}
	const text = query.toString();
	return `hermes://blueprint/${encodeURIComponent(blueprint.key)}${text === "" ? "" : `?${text}`}`;
}

/**
 * The catalogue entry the form renders (`blueprint_catalog_entry`'s shape); `describe`
 * turns the schedule the defaults produce into words.
 */
export function blueprintEntry(
	blueprint: Blueprint,
	deliverOptions: string[],
	describe: (schedule: string) => string,
): Record<string, unknown> {
	let scheduleHuman = "on a schedule";
	try {
		scheduleHuman = describe(fillBlueprint(blueprint, {}).schedule);
	} catch {
		// A slot without a default (e.g. the reminder's message): keep the generic wording.
	}
	return {
		key: blueprint.key,
		title: blueprint.title,
		description: blueprint.description,
		category: blueprint.category,
		tags: blueprint.tags,
		fields: blueprint.slots.map((s) => (s.name === DELIVER_SLOT_NAME ? { ...s, options: deliverOptions } : s)),
		schedule: blueprint.schedule,
		scheduleHuman,
		command: slashCommand(blueprint),
		appUrl: deepLink(blueprint),
	};
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function fillTemplate(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const value = values[name];
		if (value === undefined) {
			throw new BlueprintFillError(`missing value for ${name}`);
		}
		return value;
	});
}

/** `fill_blueprint`: checked slot values → the create-job body. */
export function fillBlueprint(
	blueprint: Blueprint,
	values: Record<string, unknown>,
): { prompt: string; schedule: string; name: string; deliver: string } {
	const known = blueprint.slots.map((s) => s.name);
	const unknown = Object.keys(values)
		.filter((name) => !known.includes(name))
		.sort();
	if (unknown.length > 0) {
		throw new BlueprintFillError(
			`unknown slot${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} — valid: ${known.join(", ")}`,
		);
	}
	const resolved: Record<string, string> = {};
	for (const s of blueprint.slots) {
		const raw = values[s.name] ?? s.default;
		if (raw === null || raw === undefined || raw === "") {
			if (s.optional) continue;
			throw new BlueprintFillError(`missing required value: ${s.name} (${s.label})`);
		}
		const text = String(raw);
		if ((s.type === "enum" || s.type === "weekdays") && s.strict && !s.options.includes(text.toLowerCase())) {
			throw new BlueprintFillError(`${s.name}='${text}' not allowed — one of ${s.options.join(", ")}`);
		}
		resolved[s.name] = text;
	}
	const parts: Record<string, string> = { ...resolved };
	if (resolved.time !== undefined) {
		const match = TIME.exec(resolved.time.trim());
		if (match === null) {
			throw new BlueprintFillError(`invalid time '${resolved.time}' — use HH:MM (24h)`);
		}
		parts.hour = String(Number(match[1]));
		parts.minute = String(Number(match[2]));
	}
	if (blueprint.schedule.includes("{dow}")) {
		parts.dow =
			resolved.recurrence !== undefined
				? (WEEKDAY_PRESETS[resolved.recurrence.toLowerCase()] ?? "*")
				: resolved.day !== undefined
					? String(DAYS.indexOf(resolved.day.toLowerCase()))
					: "*";
	}
	return {
		prompt: fillTemplate(blueprint.prompt, resolved),
		schedule: fillTemplate(blueprint.schedule, parts),
		name: blueprint.title,
		deliver: resolved[DELIVER_SLOT_NAME] ?? "local",
	};
}
