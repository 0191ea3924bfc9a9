/**
 * The stack lock as every engine sees it: while one run changes a stack, another waits or
 * fails clearly. How it is held is the target's: a lock file on the machine that runs the
 * engine (file-lock.ts, Docker host and swarm), or an object on the platform itself (a
 * Kubernetes Lease, a conditional write on AWS) so that two machines cannot interleave.
 */

/** Who holds a stack lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
}

/** How a run waits for the lock. */
export interface StackLockOptions {
  /** How long to wait for another run to finish. @default 120 s */
  readonly timeoutMs?: number;
  /** Called once when the lock is busy and this run starts waiting. */
  readonly onWait?: (holder: LockHolder) => void;
}

/** A held lock; release it when done. */
export interface StackLock {
  release(): void;
}

/** Takes a stack's lock for a command (`berth up`), waiting as the options say. */
export type AcquireStackLock = (stack: string, command: string, options?: StackLockOptions) => Promise<StackLock>;
