/**
 * @module
 * `hermes-dashboard hash-password`: reads a password from the terminal (no echo, asked
 * twice) or from piped stdin (first line), prints a Hermes-compatible scrypt hash. The
 * password is never taken from argv, where `ps` and shell history would keep it.
 */
import { hashPassword } from "./password_hash.ts";

function readPipedLine(): Promise<string> {
	return new Promise((resolve, reject) => {
		let data = "";
		process.stdin.setEncoding("utf8");
		process.stdin.on("data", (chunk: string) => (data += chunk));
		process.stdin.on("end", () => resolve(data.split(/\r?\n/)[0] ?? ""));
		process.stdin.on("error", reject);
	});
}

function promptHidden(prompt: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = process.stdin;
		process.stderr.write(prompt);
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding("utf8");
		let value = "";
		const onData = (chunk: string): void => {
			for (const char of chunk) {
				if (char === "\r" || char === "\n") {
					stdin.setRawMode(false);
					stdin.pause();
					stdin.off("data", onData);
					process.stderr.write("\n");
					resolve(value);
					return;
				}
				if (char === "\u0003" || char === "\u0004") {
					stdin.setRawMode(false);
					stdin.off("data", onData);
					process.stderr.write("\n");
					reject(new Error("cancelled"));
					return;
				}
				if (char === "\u007f" || char === "\b") {
					value = value.slice(0, -1);
				} else {
					value += char;
				}
			}
		};
		stdin.on("data", onData);
	});
}

/** Runs the subcommand; resolves to the process exit code. */
export async function runHashPassword(): Promise<number> {
	let password: string;
	try {
		if (process.stdin.isTTY) {
			password = await promptHidden("Password: ");
			const again = await promptHidden("Repeat password: ");
			if (again !== password) {
				process.stderr.write("hermes-dashboard: the passwords do not match\n");
				return 1;
			}
		} else {
			password = await readPipedLine();
		}
	} catch (error) {
		process.stderr.write(`hermes-dashboard: ${(error as Error).message}\n`);
		return 1;
	}
	if (password === "") {
		process.stderr.write("hermes-dashboard: empty password refused\n");
		return 1;
	}
	process.stdout.write(`${hashPassword(password)}\n`);
	process.stderr.write(
		"Put this in config.yaml as dashboard.basic_auth.password_hash (with dashboard.basic_auth.username).\n",
	);
	return 0;
}
