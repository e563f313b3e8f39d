/**
 * @module
 * The `/api/pub` → `/api/events` fan-out (api-contract B.5): which sockets listen to
 * which channel. Kept apart from the routes so the server can own it before the
 * WebSocket routes are loaded.
 */
import type { WebSocket } from "ws";

/** Subscribers per channel; a channel disappears with its last subscriber. */
export class ChannelHub {
	readonly #channels = new Map<string, Set<WebSocket>>();

	subscribe(channel: string, socket: WebSocket): void {
		let set = this.#channels.get(channel);
		if (set === undefined) {
			set = new Set();
			this.#channels.set(channel, set);
		}
		set.add(socket);
		socket.on("close", () => {
			set.delete(socket);
			if (set.size === 0 && this.#channels.get(channel) === set) {
				this.#channels.delete(channel);
			}
		});
	}

	publish(channel: string, frame: string): void {
		for (const socket of this.#channels.get(channel) ?? []) {
			if (socket.readyState === 1) {
				socket.send(frame, () => {
					// Send failures are ignored (B.5).
				});
			}
		}
	}

	get channelCount(): number {
		return this.#channels.size;
	}
}
