/**
 * @module
 * Which config keys hold credentials: their values are never rendered or echoed, only
 * whether they are set. One rule for every page and endpoint that shows config values.
 */

/** Leaf names whose values are credentials (`api_key`, `bot_token`, `password_hash`...). */
const SECRET_LEAF = /(^|_)(api_key|password|password_hash|secret|token|access_token)$/;

/** True when the dotted config path's last segment names a credential. */
export function isSecretConfigKey(path: string): boolean {
	return SECRET_LEAF.test(path.split(".").pop() ?? "");
}
