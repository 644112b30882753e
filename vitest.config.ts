import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites each start their own DynamoDB Local / S3 server; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
