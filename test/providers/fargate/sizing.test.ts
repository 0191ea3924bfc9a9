import { describe, expect, it } from "vitest";
import { FARGATE_SIZES, isValidFargateSize, smallestFargateSize } from "../../../providers/fargate/sizing.ts";

describe("Fargate task sizing", () => {
  it("knows exactly Fargate's cpu/memory pairs", () => {
    expect(FARGATE_SIZES.map((r) => [r.cpu, r.memoryMiB.length, r.memoryMiB[0], r.memoryMiB[r.memoryMiB.length - 1]])).toEqual([
      [256, 3, 512, 2048],
      [512, 4, 1024, 4096],
      [1024, 7, 2048, 8192],
      [2048, 13, 4096, 16384],
      [4096, 23, 8192, 30720],
      [8192, 12, 16384, 61440],
      [16384, 12, 32768, 122880],
    ]);
  });

  const cases: [string, { cpu: number; memoryMiB: number }, { cpu: number; memoryMiB: number } | undefined][] = [
    ["nothing asked gives the smallest task", { cpu: 0, memoryMiB: 0 }, { cpu: 256, memoryMiB: 512 }],
    ["a quarter vCPU and 512 MiB fit exactly", { cpu: 256, memoryMiB: 512 }, { cpu: 256, memoryMiB: 512 }],
    ["513 MiB rounds up to 1024 MiB", { cpu: 256, memoryMiB: 513 }, { cpu: 256, memoryMiB: 1024 }],
    ["3000 MiB is more than cpu 256 takes, so cpu 512 with 3072", { cpu: 256, memoryMiB: 3000 }, { cpu: 512, memoryMiB: 3072 }],
    ["103 units round up to cpu 256", { cpu: 103, memoryMiB: 128 }, { cpu: 256, memoryMiB: 512 }],
    ["half a vCPU with 512 MiB needs at least 1024 MiB", { cpu: 512, memoryMiB: 512 }, { cpu: 512, memoryMiB: 1024 }],
    ["1.5 vCPU is cpu 2048 with its smallest 4096 MiB", { cpu: 1536, memoryMiB: 1024 }, { cpu: 2048, memoryMiB: 4096 }],
    ["5000 MiB at a quarter vCPU is cpu 1024 with 5120", { cpu: 256, memoryMiB: 5000 }, { cpu: 1024, memoryMiB: 5120 }],
    ["32 GiB needs cpu 8192 (4096 stops at 30720)", { cpu: 1024, memoryMiB: 32768 }, { cpu: 8192, memoryMiB: 32768 }],
    ["cpu 8192 memory steps by 4096", { cpu: 8192, memoryMiB: 16385 }, { cpu: 8192, memoryMiB: 20480 }],
    ["cpu 16384 memory steps by 8192", { cpu: 16384, memoryMiB: 32769 }, { cpu: 16384, memoryMiB: 40960 }],
    ["the largest task is 16 vCPU and 120 GiB", { cpu: 16384, memoryMiB: 122880 }, { cpu: 16384, memoryMiB: 122880 }],
    ["more memory than 120 GiB fits nowhere", { cpu: 256, memoryMiB: 122881 }, undefined],
    ["more than 16 vCPU fits nowhere", { cpu: 16385, memoryMiB: 512 }, undefined],
  ];
  for (const [name, need, want] of cases) {
    it(`${name}: ${need.cpu}/${need.memoryMiB} → ${want ? `${want.cpu}/${want.memoryMiB}` : "none"}`, () => {
      expect(smallestFargateSize(need)).toEqual(want);
    });
  }

  it("accepts every pair of the table and refuses pairs outside it", () => {
    expect(FARGATE_SIZES.every((r) => r.memoryMiB.every((memoryMiB) => isValidFargateSize({ cpu: r.cpu, memoryMiB })))).toBe(true);
    expect([[256, 4096], [300, 512], [512, 512], [1024, 2500], [8192, 18432], [16384, 36864]].map(([cpu, memoryMiB]) => isValidFargateSize({ cpu: cpu!, memoryMiB: memoryMiB! }))).toEqual([false, false, false, false, false, false]);
  });
});
