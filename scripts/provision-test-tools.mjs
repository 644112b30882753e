#!/usr/bin/env node
/**
 * `npm test`'s pretest: the programs its suites need besides npm packages, installed from Debian's
 * packages when they are missing and this user may (root, apt-get present), so that
 * `npm install && npm test` passes on a fresh machine. Otherwise it says what is missing and which
 * tests will be skipped for it (those suites skip themselves with the same reason), and exits 0.
 *
 *   java + javac   DynamoDB Local (integration, reliability, e2e); javac builds its loopback launcher
 *   chromium       test/e2e/dashboard.test.ts (headless browser)
 *   aws            test/e2e/local-stack.test.ts (uploads with the real AWS CLI)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const onPath = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

const tools = [
  { name: "java and javac (a JDK)", present: () => onPath("java") && onPath("javac"), pkg: "default-jdk-headless", without: "DynamoDB Local cannot run: integration, reliability and e2e tests fail" },
  { name: "/usr/bin/chromium", present: () => existsSync("/usr/bin/chromium"), pkg: "chromium", without: "test/e2e/dashboard.test.ts is skipped" },
  { name: "/usr/bin/aws (AWS CLI)", present: () => existsSync("/usr/bin/aws"), pkg: "awscli", without: "test/e2e/local-stack.test.ts is skipped" },
];

const missing = tools.filter((t) => !t.present());
if (missing.length === 0) process.exit(0);

const disabled = process.env.CLAIMS_NO_PROVISION === "1";
const canInstall = !disabled && process.getuid?.() === 0 && onPath("apt-get");
if (canInstall) {
  const packages = missing.map((t) => t.pkg);
  console.error(`pretest: installing ${packages.join(", ")} with apt-get (missing: ${missing.map((t) => t.name).join(", ")})`);
  const apt = (...args) => execFileSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", ...args], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    apt("update", "-qq");
    apt("install", "-y", "-qq", ...packages);
  } catch (e) {
    console.error(`pretest: apt-get failed (${e instanceof Error ? e.message.split("\n")[0] : e})`);
  }
}

const still = tools.filter((t) => !t.present());
for (const t of still) console.error(`pretest: ${t.name} is missing (apt-get install ${t.pkg}): ${t.without}`);
if (still.length && !canInstall) {
  console.error(disabled ? "pretest: installing is off (CLAIMS_NO_PROVISION=1)" : "pretest: run npm test as root with apt-get, or install the packages above, for the full suite");
}
