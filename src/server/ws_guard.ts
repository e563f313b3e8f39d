/**
 * @module
 * The checks every dashboard WebSocket runs before it is accepted (api-contract B.1,
 * B.2, C.1): credential, then Host/Origin, then the loopback peer rule. The verdict is
 * delivered after the accept as a close code, so browsers really see it.
 */
import type { Context } from "hono";
import { isAllowedHost, isAllowedOrigin, isLoopbackPeer } from "../security/host_guard.ts";
import { isLoopbackBind } from "../security/mode.ts";
import { peerAddress } from "../security/peer.ts";
import { checkWSCredential } from "../auth/ws_credentials.ts";
import { CLOSE } from "../pty/protocol.ts";
import type { AppContext } from "../context.ts";

export type Verdict = { ok: true } | { ok: false; code: number; reason: string };

/** `pty` sockets get detailed reasons and 4408; the JSON bridges get bare 4403s. */
export type SocketKind = "pty" | "bridge";

export function checkUpgrade(c: Context, app: AppContext, kind: SocketKind): Verdict {
	// Checked first, as in Hermes: a single-use ticket is spent even if a later guard refuses.
	const credential = checkWSCredential(c, app);
	if (!credential.ok) {
		return { ok: false, code: CLOSE.unauthorized, reason: `auth: ${credential.reason}` };
	}
	const bound = app.host;
	const host = c.req.header("host");
	if (!isAllowedHost(host, bound)) {
		return forbidden(kind, `host_mismatch host=${host || "?"} bound=${bound}`);
	}
	const origin = c.req.header("origin");
	if (!isAllowedOrigin(origin, bound)) {
		return forbidden(kind, `origin_mismatch origin=${origin} bound=${bound}`);
	}
	if (app.mode !== "gated" && isLoopbackBind(bound)) {
		const peer = peerAddress(c);
		if (!isLoopbackPeer(peer)) {
			const reason =
				peer === undefined
					? `missing_or_empty_peer bound=${bound}`
					: `peer_not_loopback peer=${peer} bound=${bound}`;
			return kind === "pty"
				? { ok: false, code: CLOSE.peerRejected, reason }
				: { ok: false, code: CLOSE.forbidden, reason: "" };
		}
	}
	return { ok: true };
}

function forbidden(kind: SocketKind, reason: string): Verdict {
	return { ok: false, code: CLOSE.forbidden, reason: kind === "pty" ? reason : "" };
}
