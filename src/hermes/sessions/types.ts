/**
 * @module
 * The shapes the sessions data layer hands out (hermes-home §4.1 columns, §4.3 list
 * extras). Columns Hermes may add later pass through untouched, hence the open index.
 */

/** The `sessions` columns the dashboard reads by name. */
interface SessionColumns {
	id: string;
	source: string;
	user_id: string | null;
	model: string | null;
	model_config: string | null;
	system_prompt: string | null;
	parent_session_id: string | null;
	started_at: number;
	ended_at: number | null;
	end_reason: string | null;
	message_count: number;
	tool_call_count: number;
	input_tokens: number;
	output_tokens: number;
	cwd: string | null;
	title: string | null;
	archived: number;
}

/** One `sessions` row as stored. */
export interface SessionRecord extends SessionColumns {
	[column: string]: unknown;
}

/** `GET /api/sessions/{id}`: the stored row, tagged with the profile it came from. */
export interface SessionDetail extends SessionRecord {
	profile?: string;
}

/** A row of `GET /api/sessions`: a compression chain shown as its live tip, plus list extras. */
export interface SessionListRow extends Omit<SessionColumns, "archived" | "model_config" | "system_prompt"> {
	[column: string]: unknown;
	archived: boolean;
	/** Present only with `full=true`. */
	model_config?: string | null;
	system_prompt?: string | null;
	/** First user message, Hermes's preview rule (`previewOf`). */
	preview: string;
	/** Newest message time, else `started_at` (epoch seconds). */
	last_active: number;
	is_active: boolean;
	/** Set when the row is a compression root standing in for its tip. */
	_lineage_root_id?: string;
	profile?: string;
	is_default_profile?: boolean;
}

/** The `messages` columns the dashboard reads by name (content and JSON columns decoded). */
interface MessageColumns {
	id: number;
	session_id: string;
	role: string;
	/** Text, or the multimodal parts list stored as `"\0json:" + JSON`. */
	content: unknown;
	tool_call_id: string | null;
	tool_calls: unknown[] | null;
	tool_name: string | null;
	timestamp: number;
	reasoning: string | null;
}

/** One `messages` row as the API returns it. */
export interface SessionMessage extends MessageColumns {
	[column: string]: unknown;
}

/** `GET /api/sessions/{id}/export`: the row plus every active message. */
export interface SessionExport extends SessionRecord {
	messages: SessionMessage[];
}
