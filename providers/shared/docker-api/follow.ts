/**
 * Following container logs through the Docker Engine API: the lines of running containers as
 * they are written, line by line, until every container stops (its stream ends) or the caller
 * aborts. Both Docker-based targets follow their containers with it.
 */
import { Writable } from "node:stream";
import type { DockerEngineClient } from "./client.ts";

/** One whole log line. */
export interface LogLine {
  /** The container's name. */
  readonly container: string;
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** A container to follow. */
export interface FollowTarget {
  readonly name: string;
  readonly id: string;
}

/** Called once per whole line; `several` is true when more than one container is followed. */
export type OnLogLine = (line: LogLine, several: boolean) => void;

/**
 * Follows each target's log from its last `tail` lines on, calling `onLine` once per whole line
 * (a write that ends mid-line waits for the rest); a target that does not exist is skipped. Resolves when every stream has ended, or at
 * once when `signal` aborts.
 */
export async function followContainerLogs(
  client: DockerEngineClient,
  targets: readonly FollowTarget[],
  tail: number,
  onLine: OnLogLine,
  signal?: AbortSignal,
): Promise<void> {
  const opened = await Promise.all(
    targets.map(async (t) => {
      const inspect = await client.inspectContainer(t.id);
      // A container that does not exist (yet, or any more) has nothing to follow.
      if (!inspect) return undefined;
      const stream = (await client.followLogs(t.id, tail)) as NodeJS.ReadableStream & { destroy(): void };
      return { target: t, stream, tty: Boolean(inspect.Config.Tty) };
    }),
  );
  const streams = opened.filter((s) => s !== undefined);
  const stop = () => {
    for (const s of streams) s.stream.destroy();
  };
  signal?.addEventListener("abort", stop, { once: true });
  try {
    await Promise.all(
      streams.map(({ target, stream, tty }) => {
        const several = streams.length > 1;
        const stdout = lineWriter((text) => onLine({ container: target.name, stream: "stdout", text }, several));
        const stderr = lineWriter((text) => onLine({ container: target.name, stream: "stderr", text }, several));
        // Without a TTY, the Engine API multiplexes both streams into one (8-byte frame headers).
        if (tty) stream.pipe(stdout, { end: false });
        else client.docker.modem.demuxStream(stream, stdout, stderr);
        return new Promise<void>((done) => {
          let ended = false;
          // Resolves once a last line without a newline has been delivered too.
          const end = () => {
            if (ended) return;
            ended = true;
            void Promise.all([stdout, stderr].map((w) => new Promise((r) => w.end(r)))).then(() => done());
          };
          stream.once("end", end);
          stream.once("close", end);
          stream.once("error", end);
        });
      }),
    );
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

/** A writable that calls `line` for each complete line, and for the rest when it ends. */
export function lineWriter(line: (text: string) => void): Writable {
  let rest = "";
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const parts = (rest + chunk.toString("utf8")).split("\n");
      rest = parts.pop()!;
      for (const p of parts) line(p.endsWith("\r") ? p.slice(0, -1) : p);
      done();
    },
    final(done) {
      if (rest !== "") line(rest);
      rest = "";
      done();
    },
  });
}
