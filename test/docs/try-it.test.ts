// The reference page's "Try it" panel in a real headless Chromium: a reader logs in, adds a model center from
// the page and sees its job's result, with nothing loaded from elsewhere; the navigation starts with the
// workflow, the page says what its version changed, and the page's own SHA-512 (for http on a LAN address,
// where WebCrypto is missing) agrees with node:crypto.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/documents.js";
import { startServer, type TestServer } from "../helpers/server.js";

const executablePath = "/usr/bin/chromium";
const haveChromium = existsSync(executablePath);
if (!haveChromium)
  console.warn(`Skipping the Try-it browser test: ${executablePath} not found (apt-get install chromium)`);
const renderTimeout = 45_000;
const artifacts = join(repoRoot, "test", "artifacts");
const lanHost = "zms-lan.test";

describe.skipIf(!haveChromium)("the reference page's Try it panel in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ apiVersion: "5.5.22" });
    browser = await chromium.launch({
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // A name for the loopback server that is not localhost: http on it is no secure context, as on a LAN.
        `--host-resolver-rules=MAP ${lanHost} 127.0.0.1`,
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const lanUrl = server.url.replace("127.0.0.1", lanHost);
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.url}/`) || url.startsWith(`${lanUrl}/`)) return route.continue();
      foreign.push(url);
      return route.abort("blockedbyclient");
    });
    page = await context.newPage();
    page.on("console", (message) => {
      // The browser logs every non-2xx answer; the panel's failed call below makes one on purpose.
      const answered = message.text().startsWith("Failed to load resource: the server responded with a status of");
      if (message.type() === "error" && !answered) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.url}/zstack/v1/docs`);
    await page.locator('[id="operation/AddModelCenter"]').waitFor({ timeout: renderTimeout });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("starts the navigation with the workflow: model centers, models, model services", async () => {
    const tags = await page
      .locator('li[data-item-id^="tag/"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-item-id")!))
      .then((ids) => ids.filter((id) => !id.includes("/operation/")));
    expect(tags.slice(0, 3)).toEqual(["tag/Model-centers", "tag/Models", "tag/Model-services"]);
    expect(tags.at(-1)).toBe("tag/Health");
  });

  it("links the description's api-changes.md to where this server serves it", async () => {
    const link = page.locator('a:has-text("api-changes.md")').first();
    expect(await link.getAttribute("href")).toBe("/zstack/v1/docs/api-changes.md#5522");
  });

  it("shows what 5.5.22 added", async () => {
    const changes = page.locator("#zms-changes");
    expect(await changes.locator("summary").textContent()).toBe("What 5.5.22 added and removed");
    await changes.locator("summary").click();
    expect(await changes.textContent()).toContain("AddModelServiceParam: containerCommand, containerArgs");
  });

  it("logs in with the account's password", async () => {
    await page.click("#zms-try-toggle");
    await page.fill("#zms-password", "password");
    await page.click('#zms-login-form button[type="submit"]');
    await page.waitForFunction(() =>
      /^Session [0-9a-f]{32}$/.test(document.getElementById("zms-session-state")!.textContent!),
    );
    expect(await page.textContent("#zms-login-state")).toBe("Logged in as admin.");
  });

  it("adds a model center from the page and shows its job's result", async () => {
    await page.selectOption("#zms-operation", "AddModelCenter");
    expect(await page.inputValue("#zms-method")).toBe("POST");
    expect(await page.inputValue("#zms-path")).toBe("/zstack/v1/ai/model-centers");
    const example = JSON.parse(await page.inputValue("#zms-body"));
    expect(example.param.name).toBe("model center"); // the spec's example, to edit
    example.param.name = "added from the page";
    await page.fill("#zms-body", JSON.stringify(example));
    await page.click("#zms-send");
    await page.waitForFunction(() => document.getElementById("zms-job-status")!.textContent!.includes("result"), null, {
      timeout: renderTimeout,
    });
    expect(await page.textContent("#zms-answer-status")).toMatch(/^HTTP 202/);
    expect(await page.textContent("#zms-answer-headers")).toContain("content-type: application/json");
    expect(await page.textContent("#zms-job-status")).toMatch(/^HTTP 200 .*\(the job's result\)$/);
    const result = JSON.parse((await page.textContent("#zms-job-body"))!);
    expect(result.inventory).toMatchObject({ name: "added from the page", managementPort: 5000 });
    expect(result.inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "reference-page-try-it.png") });

    const session = await server.login();
    const stored = await server.call(`/zstack/v1/ai/model-centers/${result.inventory.uuid}`, {
      headers: server.auth(session),
    });
    expect(stored.body.inventories[0].name).toBe("added from the page");
  });

  it("shows a failed call's status and error", async () => {
    await page.selectOption("#zms-operation", "GetModelCenter");
    await page.fill("#zms-path", "/zstack/v1/ai/model-centers/not-a-uuid");
    await page.click("#zms-send");
    await page.waitForFunction(() => /^HTTP \d/.test(document.getElementById("zms-answer-status")!.textContent!));
    expect(await page.textContent("#zms-answer-status")).toMatch(/^HTTP (400|503)/);
    expect(await page.textContent("#zms-answer-body")).toContain('"code"');
  });

  it("preselects the operation the reader is looking at", async () => {
    await page.goto(`${server.url}/zstack/v1/docs#tag/Models/operation/AddModel`);
    await page.locator('[id="operation/AddModel"]').waitFor({ timeout: renderTimeout });
    await page.click("#zms-try-toggle");
    expect(await page.inputValue("#zms-operation")).toBe("AddModel");
    // The session outlives the reload (sessionStorage), so the reader stays logged in.
    expect(await page.textContent("#zms-session-state")).toMatch(/^Session [0-9a-f]{32}$/);
  });

  it("hashes passwords without WebCrypto as node:crypto does", async () => {
    const inputs = ["", "password", "a".repeat(111), "b".repeat(112), "c".repeat(300), "密码 ü"];
    const ours = await page.evaluate(
      (texts) => texts.map((text) => (window as unknown as { zmsSha512Hex(t: string): string }).zmsSha512Hex(text)),
      inputs,
    );
    expect(ours).toEqual(inputs.map((text) => createHash("sha512").update(text).digest("hex")));
  });

  it("logs in over plain http on a non-local name, where WebCrypto is missing, with its own SHA-512", async () => {
    await page.goto(`${server.url.replace("127.0.0.1", lanHost)}/zstack/v1/docs`);
    await page.locator('[id="operation/AddModelCenter"]').waitFor({ timeout: renderTimeout });
    expect(await page.evaluate(() => [window.isSecureContext, typeof window.crypto.subtle])).toEqual([
      false,
      "undefined",
    ]);
    await page.click("#zms-try-toggle");
    await page.fill("#zms-password", "password");
    await page.click('#zms-login-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById("zms-login-state")!.textContent !== "Logging in...");
    expect(await page.textContent("#zms-login-state")).toBe("Logged in as admin.");
    await page.fill("#zms-password", "not the password");
    await page.click('#zms-login-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById("zms-login-state")!.textContent !== "Logging in...");
    expect(await page.textContent("#zms-login-state")).toMatch(/^Login failed: HTTP 503 .*ID\.1000/s);
  });

  it("loaded nothing from elsewhere and logged no error", () => {
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
