/**
 * Config save latency on a copy of the fixture home: median and p95 of form saves (one
 * field), raw saves and GET /api/config, in-process.
 */
import { copyFixtureHome, makeContext, testClient } from "../tests/helpers/app.ts";

function stats(samples: number[]): string {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
	return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (n=${samples.length})`;
}

async function time(runs: number, task: (index: number) => Promise<Response>): Promise<number[]> {
	const samples: number[] = [];
	for (let index = 0; index < runs; index++) {
		const start = performance.now();
		const response = await task(index);
		await response.arrayBuffer();
		samples.push(performance.now() - start);
	}
	return samples;
}

const context = makeContext({ home: copyFixtureHome() });
const request = testClient(context);
const json = (body: unknown): RequestInit => ({
	method: "PUT",
	body: JSON.stringify(body),
	headers: { "content-type": "application/json" },
});
await time(5, () => request("/api/config"));
console.log(`GET /api/config        ${stats(await time(100, () => request("/api/config")))}`);
console.log(`GET /api/config/schema ${stats(await time(100, () => request("/api/config/schema")))}`);
console.log(
	`PUT /api/config        ${stats(await time(100, (index) => request("/api/config", json({ config: { agent: { max_turns: 100 + index } } }))))}`,
);
const text = (await (await request("/api/config/raw")).json()).yaml as string;
console.log(
	`PUT /api/config/raw    ${stats(await time(100, (index) => request("/api/config/raw", json({ yaml_text: `${text}# ${index}\n` }))))}`,
);
console.log(`GET /config (page)     ${stats(await time(30, () => request("/config")))}`);
