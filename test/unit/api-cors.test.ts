import { describe, expect, it } from "vitest";
import { createCorsPolicy, parseAllowedOrigins } from "../../lambdas/api/cors.ts";

describe("CORS policy", () => {
  it("parses the comma-separated allow-list", () => {
    expect(parseAllowedOrigins(" https://a.example ,https://b.example/ ,, ")).toEqual(["https://a.example", "https://b.example"]);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
  });

  it("echoes only listed origins and varies on Origin", () => {
    const cors = createCorsPolicy(["https://a.example"]);
    expect(cors.headersFor("https://a.example")).toEqual({ vary: "Origin", "access-control-allow-origin": "https://a.example" });
    expect(cors.headersFor("https://evil.example")).toEqual({ vary: "Origin" });
    expect(cors.headersFor(undefined)).toEqual({ vary: "Origin" });
  });

  it("allows every origin only when * is listed", () => {
    expect(createCorsPolicy(["*"]).headersFor("https://any.example")).toEqual({ "access-control-allow-origin": "*" });
    expect(createCorsPolicy([]).allows("https://any.example")).toBe(false);
  });
});
