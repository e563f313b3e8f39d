/**
 * @module
 * What a fresh profile is seeded with. The persona is our own short wording (Hermes seeds
 * its stock persona; the user edits it on the Profiles page either way).
 */

/** The `.env` of a fresh profile: a three-line comment header, no keys. */
export const ENV_HEADER =
	"# Hermes Agent environment for this profile.\n# Add API keys here as KEY=value, one per line.\n# This file is private to the profile (mode 0600).\n";

export const DEFAULT_SOUL =
	"You are Hermes Agent, a helpful AI assistant. Be clear, direct and accurate; say when you are unsure, and use your tools to get real work done.";
