/**
 * @module
 * Texts the page scripts write themselves (dialog titles, status lines, counts), handed to
 * them through `pageTexts` (views/page_texts.ts) and read with `hermesText` (app.js).
 * `{n}` is filled in by the script.
 */

export const EN = {
	"script.config_nothing": "Nothing to save.",
	"script.config_changed_title": "The file changed on disk",
	"script.config_save_one": "Save 1 change?",
	"script.config_save_many": "Save {n} changes?",
	"script.config_changed_message":
		"config.yaml was changed by someone else. This is what saving now would do to the current file.",
	"script.config_will_change": "These lines of config.yaml will change:",
	"script.config_no_change": "The file already holds these values.",
	"script.config_raw_title": "Save config.yaml?",
	"script.config_raw_message": "The file will be replaced by the text you edited:",
	"script.config_load_failed": "Could not load the other settings: {n}",
	"script.config_import_json": "Import failed: not valid JSON.",
	"script.config_import_object": "Import failed: the file must hold a JSON object.",
	"script.config_import_refused": "Import refused: {n}",
	"script.config_imported": "Imported {n} values; review the diff before saving.",
	"script.config_defaults_restored": "Defaults restored in the form; nothing is saved until you press Save.",
	"script.prune_matched": "{n} session(s) would be removed.",
	"script.prune_removed": "Removed {n} session(s).",
	"script.prune_messages": "{n} msgs",
} as const;

export const ZH: Partial<Record<keyof typeof EN, string>> = {
	"script.config_nothing": "没有需要保存的更改。",
	"script.config_changed_title": "文件已在磁盘上被更改",
	"script.config_save_one": "保存 1 项更改？",
	"script.config_save_many": "保存 {n} 项更改？",
	"script.config_changed_message": "config.yaml 已被他人修改。以下是现在保存将对当前文件所做的更改。",
	"script.config_will_change": "config.yaml 中的以下行将被更改：",
	"script.config_no_change": "文件中已经是这些值。",
	"script.config_raw_title": "保存 config.yaml？",
	"script.config_raw_message": "文件将被替换为你编辑的文本：",
	"script.config_load_failed": "无法加载其他设置：{n}",
	"script.config_import_json": "导入失败：不是有效的 JSON。",
	"script.config_import_object": "导入失败：文件必须是一个 JSON 对象。",
	"script.config_import_refused": "导入被拒绝：{n}",
	"script.config_imported": "已导入 {n} 个值；保存前请检查差异。",
	"script.config_defaults_restored": "已在表单中恢复默认值；按“保存”之前不会保存任何内容。",
	"script.prune_matched": "将删除 {n} 个会话。",
	"script.prune_removed": "已删除 {n} 个会话。",
	"script.prune_messages": "{n} 条消息",
};
