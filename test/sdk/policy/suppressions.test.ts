import { describe, expect, it } from "vitest";
import { nextWaiverExpiry, waiverExpired } from "../../../sdk/policy/suppressions.ts";
import { graphWith } from "./fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;

describe("nextWaiverExpiry", () => {
  const stack = graphWith([], {
    suppressions: [
      { rule: "sec.readonly-rootfs", reason: "legacy app writes to /var/cache", expires: "2026-12-31" },
      { rule: "sec.non-root", reason: "image runs as root until v2", expires: "2026-12-05" },
      { rule: "portability.update", reason: "dev replaces containers in place", expires: "2026-11-01" },
      { rule: "sec.no-new-privileges", reason: "kept for the whole stack" },
      { rule: "sec.caps-drop", reason: "a date nobody can read", expires: "soon" },
    ],
  }).stack;

  it("is the end of the earliest expiry day still ahead, the first moment a finding could change", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const next = nextWaiverExpiry(stack, now)!;
    expect(new Date(next).toISOString()).toBe("2026-12-06T00:00:00.000Z");
    const waiver = stack.suppressions[1]!;
    expect([waiverExpired(waiver, new Date(next - 1)), waiverExpired(waiver, new Date(next))]).toEqual([false, true]);
  });

  it("moves to the next waiver once one has expired, and is undefined when none will", () => {
    expect(new Date(nextWaiverExpiry(stack, new Date(Date.parse("2026-12-06T00:00:00Z")))!).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextWaiverExpiry(stack, new Date(Date.parse("2027-01-01T00:00:00Z") + DAY))).toBeUndefined();
  });
});
