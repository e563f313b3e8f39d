/**
 * @module
 * WebSocket credentials for gated mode (api-contract D.8): single-use tickets that
 * live 30 s, and one per-process internal credential handed to the PTY child so it can
 * reach `/api/pub` and `/api/ws` without a browser cookie.
 */
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { safeEqual } from "../security/session_token.ts";
import { systemClock, type Clock } from "../hermes/home/clock.ts";

export const TICKET_TTL_MS = 30_000;
const MAX_TICKETS = 10_000;

function randomToken(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return encodeBase64urlNoPadding(bytes);
}

export interface TicketOwner {
	userId: string;
	provider: string;
}

export class WSTicketStore {
	readonly #tickets = new Map<string, { owner: TicketOwner; expiresAt: number }>();
	/** Credential for the dashboard's own children (PTY → /api/pub, /api/ws). */
	readonly internalCredential: string = randomToken();
	readonly #clock: Clock;

	/** `clock`: the app's clock (tickets expire by it). */
	constructor(clock: Clock = systemClock) {
		this.#clock = clock;
	}

	/** Mints a ticket valid for one upgrade within 30 s. */
	mint(owner: TicketOwner): { ticket: string; expiresAt: number } {
		this.#sweep();
		if (this.#tickets.size >= MAX_TICKETS) {
			const oldest = this.#tickets.keys().next().value;
			if (oldest !== undefined) {
				this.#tickets.delete(oldest);
			}
		}
		const ticket = randomToken();
		// Whole seconds, as Hermes: valid up to and including mint second + 30.
		const expiresAt = (Math.floor(this.#clock.now() / 1000) + TICKET_TTL_MS / 1000) * 1000;
		this.#tickets.set(ticket, { owner, expiresAt });
		return { ticket, expiresAt };
	}

	/** Consumes a ticket: valid once, never again, and never after it expired. */
	consume(ticket: string): TicketOwner | null {
		const entry = this.#tickets.get(ticket);
		if (entry === undefined) {
			return null;
		}
		this.#tickets.delete(ticket);
		return entry.expiresAt >= Math.floor(this.#clock.now() / 1000) * 1000 ? entry.owner : null;
	}

	verifyInternal(credential: string): boolean {
		return safeEqual(credential, this.internalCredential);
	}

	#sweep(): void {
		const now = this.#clock.now();
		for (const [ticket, entry] of this.#tickets) {
			if (entry.expiresAt < Math.floor(now / 1000) * 1000) {
				this.#tickets.delete(ticket);
			}
		}
	}
}
