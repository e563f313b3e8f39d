/**
 * Session ids of the fixture home's special cases (/work/shared/fixtures/README.md), named
 * once for the tests that read or change them.
 */

/** end_reason `compression`; its child is COMPRESSION_TIP. */
export const COMPRESSION_ROOT = "20261108_091750_dade6a";
export const COMPRESSION_TIP = "20261108_095611_3a23f8";
/** end_reason `branched`; its child (`_branched_from`) is BRANCH_CHILD. */
export const BRANCH_PARENT = "20261117_113511_5fb513";
export const BRANCH_CHILD = "20261117_114318_b66487";
/** A delegate subagent (`_delegate_from`) and the session that started it. */
export const DELEGATE_PARENT = "20261119_142710_7f5c5e";
export const DELEGATE_CHILD = "20261119_142840_6982b7";
export const ARCHIVED = "20261016_200917_847bd9";
/** A CLI session that never ended (one unanswered user message). */
export const OPEN_CLI = "20261123_183146_9b7891";
/** "Plan Lisbon trip ✈️": a titled CLI session (its title has an emoji). */
export const LISBON = "20261120_211929_7ea877";
