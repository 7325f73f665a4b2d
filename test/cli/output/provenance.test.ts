import { describe, expect, test } from "vitest";
import { generatedBy, packageVersion, reproduceCommand, setWords, shellJoin, shellQuote, toolVersion } from "../../../cli/output/provenance.js";

describe("provenance", () => {
  test("plain arguments stay as they are; spaces, quotes and shell characters are single-quoted", () => {
    expect(shellQuote("fleet.workers=8")).toBe("fleet.workers=8");
    expect(shellQuote("p99<100ms")).toBe("'p99<100ms'");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("")).toBe("''");
    expect(shellJoin(["run", "x y", "--seed", "1"])).toBe("run 'x y' --seed 1");
  });

  test("the reproduce command is npx shakedown with each word quoted as needed", () => {
    expect(reproduceCommand(["run", "lb-handshake-storm", ...setWords("--set", ["fleet.admission.circuitBreaker={latencyThreshold: 500ms}"])])).toBe(
      "npx shakedown run lb-handshake-storm --set 'fleet.admission.circuitBreaker={latencyThreshold: 500ms}'",
    );
  });

  test("the version comes from package.json and the commit is a 40-digit hash or null", () => {
    const tool = toolVersion();
    expect(tool.version).toBe(packageVersion());
    expect(tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(tool.commit === null || /^[0-9a-f]{40}$/.test(tool.commit)).toBe(true);
    expect(generatedBy({ version: "1.2.3", commit: "0123456789abcdef0123456789abcdef01234567" })).toBe("shakedown 1.2.3 (0123456)");
    expect(generatedBy({ version: "1.2.3", commit: null })).toBe("shakedown 1.2.3");
  });
});
