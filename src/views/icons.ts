/**
 * @module
 * Inline SVG icons from Lucide (lucide-static, ISC). Only the icons the dashboard uses
 * are imported, one module each, so a page never loads the whole set. An icon is
 * decoration: `aria-hidden`, never focusable; the text or `aria-label` beside it names
 * the action.
 */
import { raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import Activity from "lucide-static/dist/esm/icons/activity.mjs";
import SquareTerminal from "lucide-static/dist/esm/icons/square-terminal.mjs";
import MessagesSquare from "lucide-static/dist/esm/icons/messages-square.mjs";
import ChartColumn from "lucide-static/dist/esm/icons/chart-column.mjs";
import SlidersHorizontal from "lucide-static/dist/esm/icons/sliders-horizontal.mjs";
import KeyRound from "lucide-static/dist/esm/icons/key-round.mjs";
import Sparkles from "lucide-static/dist/esm/icons/sparkles.mjs";
import ScrollText from "lucide-static/dist/esm/icons/scroll-text.mjs";
import Users from "lucide-static/dist/esm/icons/users.mjs";
import Box from "lucide-static/dist/esm/icons/box.mjs";
import Clock from "lucide-static/dist/esm/icons/clock.mjs";
import Radio from "lucide-static/dist/esm/icons/radio.mjs";
import Link from "lucide-static/dist/esm/icons/link.mjs";
import Webhook from "lucide-static/dist/esm/icons/webhook.mjs";
import Monitor from "lucide-static/dist/esm/icons/monitor.mjs";
import Plug from "lucide-static/dist/esm/icons/plug.mjs";
import Folder from "lucide-static/dist/esm/icons/folder.mjs";
import Menu from "lucide-static/dist/esm/icons/menu.mjs";
import X from "lucide-static/dist/esm/icons/x.mjs";
import Search from "lucide-static/dist/esm/icons/search.mjs";
import Command from "lucide-static/dist/esm/icons/command.mjs";
import Ellipsis from "lucide-static/dist/esm/icons/ellipsis.mjs";
import Keyboard from "lucide-static/dist/esm/icons/keyboard.mjs";
import Send from "lucide-static/dist/esm/icons/send.mjs";
import MessageCircle from "lucide-static/dist/esm/icons/message-circle.mjs";
import Hash from "lucide-static/dist/esm/icons/hash.mjs";
import Phone from "lucide-static/dist/esm/icons/phone.mjs";
import Mail from "lucide-static/dist/esm/icons/mail.mjs";
import Smartphone from "lucide-static/dist/esm/icons/smartphone.mjs";
import Terminal from "lucide-static/dist/esm/icons/terminal.mjs";
import Globe from "lucide-static/dist/esm/icons/globe.mjs";
import Play from "lucide-static/dist/esm/icons/play.mjs";
import Trash from "lucide-static/dist/esm/icons/trash.mjs";
import Pencil from "lucide-static/dist/esm/icons/pencil.mjs";
import Archive from "lucide-static/dist/esm/icons/archive.mjs";
import Download from "lucide-static/dist/esm/icons/download.mjs";
import Copy from "lucide-static/dist/esm/icons/copy.mjs";
import RefreshCw from "lucide-static/dist/esm/icons/refresh-cw.mjs";

import MessageSquareLock from "lucide-static/dist/esm/icons/message-square-lock.mjs";
import Bot from "lucide-static/dist/esm/icons/bot.mjs";
import Wrench from "lucide-static/dist/esm/icons/wrench.mjs";
import House from "lucide-static/dist/esm/icons/house.mjs";
import Bell from "lucide-static/dist/esm/icons/bell.mjs";
import Briefcase from "lucide-static/dist/esm/icons/briefcase.mjs";
const SOURCES = {
	activity: Activity,
	"square-terminal": SquareTerminal,
	"messages-square": MessagesSquare,
	"chart-column": ChartColumn,
	"sliders-horizontal": SlidersHorizontal,
	"key-round": KeyRound,
	sparkles: Sparkles,
	"scroll-text": ScrollText,
	users: Users,
	box: Box,
	clock: Clock,
	radio: Radio,
	link: Link,
	webhook: Webhook,
	monitor: Monitor,
	plug: Plug,
	folder: Folder,
	menu: Menu,
	x: X,
	search: Search,
	command: Command,
	ellipsis: Ellipsis,
	keyboard: Keyboard,
	send: Send,
	"message-circle": MessageCircle,
	hash: Hash,
	phone: Phone,
	mail: Mail,
	smartphone: Smartphone,
	terminal: Terminal,
	globe: Globe,
	play: Play,
	trash: Trash,
	pencil: Pencil,
	archive: Archive,
	download: Download,
	copy: Copy,
	"refresh-cw": RefreshCw,
	"message-square-lock": MessageSquareLock,
	bot: Bot,
	wrench: Wrench,
	house: House,
	bell: Bell,
	briefcase: Briefcase,
} as const;

export type IconName = keyof typeof SOURCES;

/** The drawing inside Lucide's `<svg>` element (its paths, circles, rects). */
function drawing(svg: string): string {
	const open = svg.indexOf(">", svg.indexOf("<svg"));
	const close = svg.lastIndexOf("</svg>");
	return svg
		.slice(open + 1, close)
		.replace(/\s*\n\s*/g, "")
		.trim();
}

const DRAWINGS = new Map<string, string>(Object.entries(SOURCES).map(([name, svg]) => [name, drawing(svg)]));

/** Whether a string names an icon (platform names come from data). */
export function isIconName(name: string): name is IconName {
	return DRAWINGS.has(name);
}

/** One icon as inline SVG; `size` in CSS pixels (the stroke scales with it). */
export function icon(name: IconName, options: { size?: number; className?: string } = {}): HtmlEscapedString {
	const size = options.size ?? 18;
	const className = options.className === undefined ? "icon" : `icon ${options.className}`;
	return raw(
		`<svg class="${className}" xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${DRAWINGS.get(name)}</svg>`,
	) as HtmlEscapedString;
}

/** Messaging platforms → the icon that stands for them (Lucide has no brand marks). */
const PLATFORM_ICONS: Record<string, IconName> = {
	cli: "terminal",
	tui: "square-terminal",
	telegram: "send",
	discord: "message-circle",
	slack: "hash",
	whatsapp: "phone",
	signal: "message-square-lock",
	matrix: "messages-square",
	mattermost: "messages-square",
	email: "mail",
	sms: "smartphone",
	cron: "clock",
	webhook: "webhook",
	api_server: "globe",
	acp: "bot",
	tool: "wrench",
	homeassistant: "house",
	feishu: "message-circle",
	dingtalk: "bell",
	wecom: "briefcase",
	weixin: "message-circle",
};

/** The icon for a platform or session source; a generic one for an unknown name. */
export function platformIcon(platform: string, size?: number): HtmlEscapedString {
	return icon(
		(Object.hasOwn(PLATFORM_ICONS, platform.toLowerCase()) ? PLATFORM_ICONS[platform.toLowerCase()] : undefined) ??
			"radio",
		{ size, className: "platform-icon" },
	);
}
