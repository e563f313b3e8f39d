/**
 * @module
 * A byte ring buffer of PTY output (the last N bytes), replayed to a re-attaching
 * socket so a reconnect loses nothing the screen needs.
 */

export class RingBuffer {
	readonly capacity: number;
	#chunks: Uint8Array[] = [];
	#size = 0;

	constructor(capacity: number) {
		this.capacity = capacity;
	}

	get size(): number {
		return this.#size;
	}

	push(chunk: Uint8Array): void {
		if (chunk.byteLength >= this.capacity) {
			this.#chunks = [chunk.slice(chunk.byteLength - this.capacity)];
			this.#size = this.capacity;
			return;
		}
		this.#chunks.push(chunk);
		this.#size += chunk.byteLength;
		while (this.#size > this.capacity) {
			const first = this.#chunks[0]!;
			const excess = this.#size - this.capacity;
			if (first.byteLength <= excess) {
				this.#chunks.shift();
				this.#size -= first.byteLength;
			} else {
				this.#chunks[0] = first.subarray(excess);
				this.#size -= excess;
			}
		}
	}

	/** The buffered bytes as one array (a copy). */
	snapshot(): Uint8Array {
		const out = new Uint8Array(this.#size);
		let offset = 0;
		for (const chunk of this.#chunks) {
			out.set(chunk, offset);
			offset += chunk.byteLength;
		}
		return out;
	}

	clear(): void {
		this.#chunks = [];
		this.#size = 0;
	}
}
