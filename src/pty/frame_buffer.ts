/**
 * @module
 * PTY output gathered into one WebSocket frame. Reads arrive in ≤4 KiB pieces; copying
 * them into a reused frame-sized buffer (instead of concatenating into a fresh one per
 * frame) keeps bulk output from allocating ~25 000 times per 100 MB, which showed up as
 * copy and GC time ahead of the socket writes.
 */

/** How many sent frames' buffers are kept for reuse (frames in flight are few). */
const SPARE_LIMIT = 4;

export interface TakenFrame {
	bytes: Uint8Array;
	/** Call once the socket is done with `bytes` (its send callback): the buffer is reused. */
	release: () => void;
}

export class FrameBuffer {
	readonly capacity: number;
	readonly #spare: Uint8Array[] = [];
	#current: Uint8Array | null = null;
	#length = 0;

	constructor(capacity: number) {
		this.capacity = capacity;
	}

	get length(): number {
		return this.#length;
	}

	/** Room left in the frame being gathered. */
	get room(): number {
		return this.capacity - this.#length;
	}

	/** Copies `chunk` in; it must fit (`chunk.byteLength <= room`). */
	append(chunk: Uint8Array): void {
		if (chunk.byteLength > this.room) {
			throw new RangeError(`a ${chunk.byteLength}-byte chunk does not fit in ${this.room} bytes`);
		}
		this.#current ??= this.#spare.pop() ?? new Uint8Array(this.capacity);
		this.#current.set(chunk, this.#length);
		this.#length += chunk.byteLength;
	}

	/** The gathered bytes; the next append starts a new frame. */
	take(): TakenFrame {
		const buffer = this.#current;
		const bytes = buffer === null ? new Uint8Array(0) : buffer.subarray(0, this.#length);
		this.#current = null;
		this.#length = 0;
		let released = false;
		return {
			bytes,
			release: () => {
				if (!released && buffer !== null && this.#spare.length < SPARE_LIMIT) {
					this.#spare.push(buffer);
				}
				released = true;
			},
		};
	}

	/** Drops what was gathered (the buffer is reused: nothing else has seen it). */
	discard(): void {
		if (this.#current !== null && this.#spare.length < SPARE_LIMIT) {
			this.#spare.push(this.#current);
		}
		this.#current = null;
		this.#length = 0;
	}
}
