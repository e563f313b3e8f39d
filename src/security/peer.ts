/**
 * @module
 * The connecting peer's address, portable across the Node adapter (`env.incoming`) and
 * Deno (`env.remoteAddr` from `Deno.serve`'s handler info). Undefined when the runtime
 * gave none.
 */
import type { Context } from "hono";

interface PeerEnv {
	incoming?: { socket?: { remoteAddress?: string } };
	remoteAddr?: { hostname?: string };
}

export function peerAddress(c: Context): string | undefined {
	const env = c.env as PeerEnv | undefined;
	const address = env?.incoming?.socket?.remoteAddress ?? env?.remoteAddr?.hostname;
	return address === undefined || address === "" ? undefined : address;
}
