/**
 * @module
 * A compare-and-swap of a whole file that holds against writers who take no lock (Hermes
 * replaces config.yaml and .env with `os.replace`, hermes-home §2, §3). Checking the file
 * and then renaming over it leaves a window in which another rename is overwritten.
 * Linux `renameat2(RENAME_EXCHANGE)` closes it: the temp file and the target swap places
 * in one step, so the version we displaced is still in our hands (at the temp path) and
 * is checked after the fact. When it is not the one the caller read, we swap back at
 * once: the other writer's version returns to the target, nothing of theirs is lost.
 * Expecting no file, `RENAME_NOREPLACE` refuses to replace one that appeared.
 *
 * Node has no renameat2 binding and no FFI, so Debian's always-installed perl-base makes
 * the syscall: one small perl helper, started on the first save and kept, does the look,
 * the swap, the check and any swap back, so the exposure is microseconds inside that one
 * process. The saving thread waits for its answer synchronously (exchange_worker.ts): a
 * save stays one synchronous step, as callers' read → change → write cycles need. Where
 * that cannot work (no perl, no permission to run it, an architecture missing from the
 * table, a kernel or file system without the flag) nothing is touched and the caller
 * keeps its check-then-rename.
 */
import { existsSync, constants as fsConstants, statSync } from "node:fs";
import { constants } from "node:os";
import { dirname } from "node:path";
import type { Worker } from "node:worker_threads";
import { startThread } from "./threads.ts";
import type { ExchangeRequest } from "./exchange_worker.ts";

/**
 * - `committed`: the new file is in place and the version it displaced was the expected one.
 * - `changed`: the target did not hold the expected version; it holds the other writer's
 *   version again and the new file is gone.
 * - `unsupported`, `busy` (EXDEV/EBUSY, e.g. a bind-mounted file): nothing was changed.
 */
export type SwapOutcome = "committed" | "changed" | "unsupported" | "busy";

export interface ExchangeOptions {
	/** The perl executable (tests point it elsewhere to see the fallback). */
	perl?: string;
	/** `process.arch` stand-in (tests name an architecture missing from the table). */
	arch?: string;
	/** false: swap without looking first (tests reach the check after the swap). */
	look?: boolean;
}

/** `__NR_renameat2` per `process.arch`, from the kernel's syscall tables. */
const RENAMEAT2: Record<string, number> = {
	x64: 316,
	ia32: 353,
	arm: 382,
	arm64: 276,
	riscv64: 276,
	loong64: 276,
	ppc64: 357,
	s390x: 347,
};

/**
 * The helper, run once per dashboard process and fed one request at a time on stdin: a
 * header line "syscall-number mode read-flags look temp-length target-length
 * expected-length", then those bytes (temp, target, the expected content). Mode is
 * "exchange" or "noreplace"; read-flags open a file without blocking; look 1 compares
 * the target before swapping. It prints "ready" once, then one answer per request:
 * "committed", "changed", "busy", "failed ERRNO" (the first rename failed: nothing
 * changed), "unsupported" (syscall() itself is missing) or "error ERRNO step".
 * Errno numbers and open flags come from Node (os.constants): loading Perl's Errno and
 * Fcntl modules would double its start-up time. Versions are held open while compared so
 * their inode numbers stay unique.
 */
const PROGRAM = String.raw`
use strict;
binmode STDIN;
$| = 1;
my ($AT_FDCWD, $RENAME_NOREPLACE, $RENAME_EXCHANGE) = (-100, 1, 2);
my ($number, $read_flags, $temp, $target, $expected);
sub take {
    my ($length, $data) = (shift, '');
    while (length($data) < $length) {
        read(STDIN, $data, $length - length($data), length($data)) or return undef;
    }
    return $data;
}
sub error { return 'error ' . ($! + 0) . " $_[0]" }
# Copies: syscall() writes through string pointers, so it refuses read-only values.
sub rename2 {
    my ($from, $to, $flags) = ("$_[0]", "$_[1]", $_[2] + 0);
    return syscall($number + 0, $AT_FDCWD, $from, $AT_FDCWD, $to, $flags) == 0;
}
# The first rename: undef when done; when it fails, nothing changed.
sub first_rename {
    my $done = eval { rename2($temp, $target, $_[0]) };
    return 'unsupported' unless defined $done;
    return $done ? undef : 'failed ' . ($! + 0);
}
# A regular file, opened so that a FIFO planted at the path cannot stall us.
sub open_version {
    sysopen(my $fh, $_[0], $read_flags + 0) or return;
    return -f $fh ? $fh : undef;
}
sub contents { my $fh = shift; local $/; my $data = <$fh>; return defined $data ? $data : '' }
sub inode { return (stat $_[0])[1] }
sub swap {
    my ($mode, $look) = @_;
    if ($mode eq 'noreplace') {
        my $failed = first_rename($RENAME_NOREPLACE);
        return defined $failed ? $failed : 'committed';
    }
    # A look first: when the target already moved on, nothing is touched at all. The
    # version compared stays open, so its inode number cannot be reused meanwhile.
    my ($current, $looked);
    if ($look) {
        $current = open_version($target);
        return -e $target && !defined $current ? 'busy' : 'changed'
            unless defined $current && contents($current) eq $expected;
        $looked = join ' ', (stat $current)[1, 7, 9];
    }
    my $ours = open_version($temp) or return error('open');
    my %known = (inode($ours) => 1);
    my $failed = first_rename($RENAME_EXCHANGE);
    return $failed if defined $failed;
    # Our version is in place now, for anyone to read: decide in as few steps as possible.
    # After a look, the displaced file must be the one compared (inode, size, mtime; one
    # lstat); without one, its content is compared.
    my @displaced = lstat $temp;
    my $same = defined $looked
        ? join(' ', @displaced[1, 7, 9]) eq $looked
        : do { my $fh = open_version($temp); defined $fh && contents($fh) eq $expected };
    if ($same) {
        unlink $temp;
        return 'committed';
    }
    # Another writer got in between the look and the swap: its version goes back at once.
    if (!rename2($temp, $target, $RENAME_EXCHANGE)) {
        return rename($temp, $target) ? 'changed' : error('restore');
    }
    $known{$displaced[1]} = 1 if @displaced;
    # What came back should be ours. A version we never saw landed on the target after
    # our swap: it is the newest, so it goes back in place, until a known version returns.
    my @held;
    for (1 .. 8) {
        my $back = open_version($temp) or last;
        push @held, $back;
        my $inode = inode($back);
        last if $known{$inode};
        $known{$inode} = 1;
        rename2($temp, $target, $RENAME_EXCHANGE) or last;
    }
    unlink $temp;
    return 'changed';
}
print "ready\n";
while (defined(my $header = <STDIN>)) {
    chomp $header;
    my ($mode, $look, $temp_length, $target_length, $expected_length);
    ($number, $mode, $read_flags, $look, $temp_length, $target_length, $expected_length) = split / /, $header;
    ($temp, $target, $expected) = (take($temp_length), take($target_length), take($expected_length));
    last unless defined $expected;
    print swap($mode, $look), "\n";
}
`;

/** Why the exchange cannot run, per perl + architecture (whole program) or + device. */
const unavailable = new Set<string>();

const ERRNO = constants.errno;
/** First-rename failures that mean "not here": no such syscall, flag or permission. */
const UNSUPPORTED = new Set([ERRNO.EINVAL, ERRNO.ENOSYS, ERRNO.EOPNOTSUPP, ERRNO.ENOTSUP, ERRNO.EPERM]);

function errnoName(errno: number): string {
	return Object.entries(ERRNO).find(([, value]) => value === errno)?.[0] ?? `errno ${errno}`;
}

/** Fails a save whose outcome the helper could not report (it stopped after starting). */
export class ExchangeError extends Error {
	code: string;
	constructor(message: string, code = "EIO") {
		super(message);
		this.code = code;
	}
}

/**
 * Replaces `target` with `temp` if `target` still holds `expected` (`null`: no file).
 * `temp` must be a file of our own in the same folder as `target` (the real path).
 */
export function swapIfUnchanged(
	temp: string,
	target: string,
	expected: Uint8Array | null,
	options: ExchangeOptions = {},
): SwapOutcome {
	const perl = options.perl ?? "perl";
	const arch = options.arch ?? process.arch;
	const number = RENAMEAT2[arch];
	const program = `${perl}\0${arch}`;
	if (process.platform !== "linux" || number === undefined || unavailable.has(program)) {
		return "unsupported";
	}
	const device = `${program}\0${statSync(dirname(target)).dev}`;
	if (unavailable.has(device)) {
		return "unsupported";
	}
	const expectedBytes = expected ?? new Uint8Array();
	const temp8 = encoder.encode(temp);
	const target8 = encoder.encode(target);
	const header = [
		number,
		expected === null ? "noreplace" : "exchange",
		fsConstants.O_RDONLY | fsConstants.O_NONBLOCK,
		options.look === false ? 0 : 1,
		temp8.length,
		target8.length,
		expectedBytes.length,
	].join(" ");
	const body = new Uint8Array(temp8.length + target8.length + expectedBytes.length);
	body.set(temp8);
	body.set(target8, temp8.length);
	body.set(expectedBytes, temp8.length + target8.length);
	const reply = ask(perl, { header: `${header}\n`, body });
	const [word, errno, step] = reply.split(" ");
	switch (word) {
		case "committed":
		case "changed":
		case "busy":
			return word;
		case "absent":
		case "unsupported":
			// No perl, a perl that cannot run the program, or no syscall(): nothing changed.
			unavailable.add(program);
			return "unsupported";
		case "failed":
			return firstRenameFailed(Number(errno), temp, target, device);
		case "error":
			throw new ExchangeError(`${errnoName(Number(errno))}: ${step} failed, ${target}`, errnoName(Number(errno)));
		case NO_ANSWER:
			// A helper this slow is no help: later saves check-then-rename.
			unavailable.add(program);
			throw new ExchangeError(`Saving ${target} stopped half-way (the exchange helper did not answer)`);
		default:
			// "lost" (perl stopped mid-request; the next save starts another): it may have landed.
			throw new ExchangeError(`Saving ${target} stopped half-way (the exchange helper: ${reply})`);
	}
}

const encoder = new TextEncoder();
/** ask()'s answer when the helper stayed silent. */
const NO_ANSWER = "silent";
/** How long a save waits for the helper before giving up on it (it answers in < 1 ms). */
const ANSWER_TIMEOUT_MS = 10_000;

/** How long the helper thread and its perl are kept after the last save. */
export const HELPER_IDLE_MS = 30_000;

interface Helper {
	thread: Worker;
	idle: ReturnType<typeof setTimeout>;
	state: Int32Array;
	text: Uint8Array;
}

/** One helper thread (and perl process) per perl executable, started on first use. */
const helpers = new Map<string, Helper>();

function helperFor(perl: string): Helper {
	const known = helpers.get(perl);
	if (known !== undefined) {
		return known;
	}
	const shared = new SharedArrayBuffer(8 + 4096);
	const thread = startThread(new URL("./exchange_worker.ts", import.meta.url), {
		workerData: { perl, program: PROGRAM, shared },
	});
	// Neither the thread nor its perl keeps the process alive.
	thread.unref();
	const forget = () => {
		if (helpers.get(perl) === helper) {
			helpers.delete(perl);
		}
		clearTimeout(helper.idle);
	};
	// Saves come in bursts: the thread and its perl go once none came for a while (the
	// next save starts them again, in about 0.1 s).
	const idle = setTimeout(() => {
		forget();
		thread.postMessage("stop");
		setTimeout(() => void thread.terminate(), 5000).unref();
	}, HELPER_IDLE_MS);
	idle.unref();
	const helper: Helper = { thread, idle, state: new Int32Array(shared, 0, 2), text: new Uint8Array(shared, 8) };
	thread.once("error", forget);
	thread.once("exit", forget);
	helpers.set(perl, helper);
	return helper;
}

/** Sends one request and blocks this thread until the helper answers (or times out). */
function ask(perl: string, request: ExchangeRequest): string {
	const helper = helperFor(perl);
	helper.idle.refresh();
	Atomics.store(helper.state, 0, 0);
	helper.thread.postMessage(request);
	if (Atomics.wait(helper.state, 0, 0, ANSWER_TIMEOUT_MS) === "timed-out") {
		helpers.delete(perl);
		void helper.thread.terminate();
		return NO_ANSWER;
	}
	return new TextDecoder().decode(helper.text.subarray(0, Atomics.load(helper.state, 1)));
}

/** The first rename failed, so nothing changed: what that means for the save. */
function firstRenameFailed(errno: number, temp: string, target: string, device: string): SwapOutcome {
	if (UNSUPPORTED.has(errno)) {
		unavailable.add(device);
		return "unsupported";
	}
	if (errno === ERRNO.EXDEV || errno === ERRNO.EBUSY) {
		return "busy";
	}
	// EEXIST: a file appeared (RENAME_NOREPLACE); ENOENT with our temp file still there: it vanished.
	if (errno === ERRNO.EEXIST || (errno === ERRNO.ENOENT && existsSync(temp))) {
		return "changed";
	}
	throw new ExchangeError(`${errnoName(errno)}: rename failed, ${target}`, errnoName(errno));
}
