import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultProvider } from "../../lambdas/aws/lambda-credentials.ts";

describe("credentials of a bundled function", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("are the role credentials Lambda puts in the environment, session token included", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret-example");
    vi.stubEnv("AWS_SESSION_TOKEN", "token-example");
    await expect(defaultProvider()()).resolves.toEqual({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example", sessionToken: "token-example" });
  });

  it("leave the session token out when there is none", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret-example");
    vi.stubEnv("AWS_SESSION_TOKEN", "");
    await expect(defaultProvider()()).resolves.toEqual({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example" });
  });

  it("fail by name when the environment has none", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret-example");
    await expect(defaultProvider()()).rejects.toThrow(/AWS_ACCESS_KEY_ID/);
  });
});
