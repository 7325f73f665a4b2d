import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { shakedown, tempDir } from "./spawn.js";

/** A usage or scenario error: exit 2, one message on stderr naming the problem, no stack trace, nothing on stdout. */
function expectUsageError(args: string[], message: RegExp): void {
  const ran = shakedown(args);
  expect(ran.status, args.join(" ")).toBe(2);
  expect(ran.stderr, args.join(" ")).toMatch(message);
  expect(ran.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
  expect(ran.stdout, args.join(" ")).toBe("");
}

describe("the shakedown command line", () => {
  test("every subcommand has --help, which exits 0", () => {
    for (const sub of ["run", "sweep", "compare", "plan", "scenarios", "schema"]) {
      const ran = shakedown([sub, "--help"]);
      expect(ran.status, sub).toBe(0);
      expect(ran.stdout, sub).toContain(`Usage: shakedown ${sub}`);
    }
    const top = shakedown(["--help"]);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/Commands:[\s\S]*run[\s\S]*sweep[\s\S]*compare[\s\S]*plan[\s\S]*scenarios[\s\S]*schema/);
    expect(top.stdout).toContain("Exit codes: 0 success, 1 internal failure, 2 bad usage or invalid scenario.");
  });

  test("plan --help says that SLOs are judged on the unfavourable CI bound and that the search assumes monotonicity", () => {
    const text = shakedown(["plan", "--help"]).stdout.replace(/\s+/g, " ");
    expect(text).toContain("the CI bound on the unfavourable side must meet it");
    expect(text).toContain("assumes more of the knob never hurts (monotone)");
  });

  test("bad flags exit 2 with a message naming the flag", () => {
    expectUsageError(["run", "mmc-baseline", "--bogus"], /unknown option '--bogus'/);
    expectUsageError(["run", "mmc-baseline", "--seed", "-1"], /--seed: expected an integer >= 0, found "-1"/);
    expectUsageError(["run", "mmc-baseline", "--replications", "zero"], /--replications: expected an integer >= 1, found "zero"/);
    expectUsageError(["run", "mmc-baseline", "--duration", "soon"], /--duration: expected a duration with a unit/);
    expectUsageError(["run", "mmc-baseline", "--workers", "0"], /--workers: expected an integer >= 1/);
    expectUsageError(["run"], /missing required argument 'scenario'/);
    expectUsageError(["frobnicate"], /unknown command 'frobnicate'/);
    expectUsageError(["run", "no-such-preset"], /no preset or scenario file named "no-such-preset"; presets: mmc-baseline/);
    expectUsageError(["run", "mmc-baseline", "--slo", "p98<1ms"], /SLO metric "p98" is not a summary metric/);
    expectUsageError(["sweep", "mmc-baseline", "--vary", "fleet.workers"], /--vary "fleet.workers": expected path=v1,v2/);
  });

  test("bad scenarios exit 2 with a message naming the path", () => {
    expectUsageError(["run", "mmc-baseline", "--set", "fleet.wrkers=3"], /fleet\.wrkers: unknown key "wrkers" \(did you mean "workers"\?\)/);
    expectUsageError(["run", "mmc-baseline", "--set", "fleet.workers=0"], /invalid scenario:\n.*fleet\.workers: expected an integer >= 1, found 0/);
    expectUsageError(["run", "lb-handshake-storm", "--duration", "10s"], /load\.reuseWindows\[0\]\.at: expected a time < run\.duration \(10s\), found 20s/);
    const dir = tempDir("bad");
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "fleet:\n  workers: two\nload:\n  rate: 100/s\n");
    expectUsageError(["run", file], /bad\.yaml:2:\d+: fleet\.workers: expected an integer/);
    writeFileSync(join(dir, "broken.yaml"), "fleet: [unclosed\n");
    expectUsageError(["run", join(dir, "broken.yaml")], /YAML syntax error/);
  });

  test("an --out directory that cannot be created is refused before any work, exit 2", () => {
    expectUsageError(["run", "mmc-baseline", "--out", "/dev/null/report"], /--out \/dev\/null\/report: cannot create the directory \(ENOTDIR\)/);
  });

  test("--version prints the package version", () => {
    const ran = shakedown(["--version"]);
    expect(ran.status).toBe(0);
    expect(ran.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
