import { describe, expect, it } from "vitest";
import { encodeS3Segment, objectUrl } from "../../lambdas/aws/s3-object-reader.ts";

describe("where a GetObject goes", () => {
  it("is virtual-hosted on AWS for a DNS-safe bucket name", () => {
    expect(objectUrl(undefined, "eu-west-1", "claims-articles-1a2b", "desk/a b.txt")).toEqual({
      protocol: "https:",
      hostname: "claims-articles-1a2b.s3.eu-west-1.amazonaws.com",
      path: "/desk/a%20b.txt",
      headers: { host: "claims-articles-1a2b.s3.eu-west-1.amazonaws.com" },
    });
  });

  it("is path-style for a bucket name with dots (TLS certificates cover one label), and in the China partition's domain", () => {
    expect(objectUrl(undefined, "us-east-1", "news.example.com", "a.txt")).toMatchObject({ hostname: "s3.us-east-1.amazonaws.com", path: "/news.example.com/a.txt" });
    expect(objectUrl(undefined, "cn-north-1", "articles", "a.txt")).toMatchObject({ hostname: "articles.s3.cn-north-1.amazonaws.com.cn" });
  });

  it("is path-style under a custom endpoint, keeping its port and base path", () => {
    expect(objectUrl(new URL("http://127.0.0.1:4569/s3/"), "us-east-1", "articles", "x/y.txt")).toEqual({
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4569,
      path: "/s3/articles/x/y.txt",
      headers: { host: "127.0.0.1:4569" },
    });
  });

  it("encodes key segments as S3 canonicalizes them (RFC 3986), keeping the slashes", () => {
    expect(encodeS3Segment("it's (a) *b*!~.-_")).toBe("it%27s%20%28a%29%20%2Ab%2A%21~.-_");
    expect(objectUrl(undefined, "us-east-1", "articles", "a+b/ü%/")).toMatchObject({ path: "/a%2Bb/%C3%BC%25/" });
  });
});
