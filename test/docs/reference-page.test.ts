// The reference page in a real headless Chromium (issue 7): it renders the server's document with no console
// error and no request leaving the machine, shows when each field arrived, and switches versions.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/documents.js";
import { startServer, type TestServer } from "../helpers/server.js";

const executablePath = "/usr/bin/chromium";
const haveChromium = existsSync(executablePath);
const howToInstall =
  `${executablePath} not found: ` +
  "install Debian's Chromium with `apt-get install -y --no-install-recommends chromium`";
if (!haveChromium) console.warn(`Skipping the reference page's browser test. ${howToInstall}`);

const artifacts = join(repoRoot, "test", "artifacts");
// Redoc renders a 2,000-line document on two shared cores: generous, since a slow render is not a failure.
const renderTimeout = 45_000;

/** Everything a page did that the test must see: every request's URL, console errors, uncaught exceptions. */
interface Recorded {
  requests: string[];
  errors: string[];
}

async function openPage(context: BrowserContext, origin: string): Promise<{ page: Page; recorded: Recorded }> {
  const recorded: Recorded = { requests: [], errors: [] };
  // Requests of the page and of the workers it starts; anything not for our own origin is recorded, then refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    return url.startsWith(`${origin}/`) ? route.continue() : route.abort("blockedbyclient");
  });
  context.on("request", (request) => recorded.requests.push(request.url()));
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") recorded.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => recorded.errors.push(`exception: ${error.message}`));
  page.on("requestfailed", (request) =>
    recorded.errors.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  return { page, recorded };
}

const operation = (page: Page) => page.locator('[id="operation/AddModelService"]');
/** A field row of AddModelService's request body: the only schema in that operation with these fields. */
const requestField = (page: Page, name: string) => operation(page).locator(`td[kind="field"][title="${name}"]`);

async function expandParam(page: Page): Promise<void> {
  await operation(page).locator('button[aria-label="expand param"]').click();
  await requestField(page, "requestCpu").waitFor({ timeout: renderTimeout });
}

describe.skipIf(!haveChromium)(
  `the reference page in headless Chromium${haveChromium ? "" : ` (skipped: ${howToInstall})`}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let recorded: Recorded;

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
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
        ],
      });
      context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      ({ page, recorded } = await openPage(context, server.url));
      await page.goto(`${server.url}/zstack/v1/docs#tag/Model-services/operation/AddModelService`);
      await operation(page).waitFor({ timeout: renderTimeout });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it("renders the server's version with AddModelService and its request fields", async () => {
      expect(await page.locator("#zms-version").inputValue()).toBe("/zstack/v1/docs");
      expect(await page.title()).toBe("ZStack model-service API 5.5.22: reference");
      expect(await operation(page).locator("h2").first().textContent()).toContain("Add a model service");
      await expandParam(page);
      for (const name of [
        "name",
        "yaml",
        "requestCpu",
        "requestMemory",
        "modelCenterUuid",
        "installPath",
        "startCommand",
        "source",
        "supportDistributed",
      ]) {
        expect(await requestField(page, name).count(), name).toBe(1);
      }
    });

    it("shows containerCommand with the version that added it", async () => {
      const row = operation(page).locator('tr:has(> td[kind="field"][title="containerCommand"])');
      await row.scrollIntoViewIfNeeded();
      expect(await row.textContent()).toContain("Since 5.5.22.");
      await page.screenshot({ path: join(artifacts, "reference-page-5.5.22.png") });
    });

    it("shows the document's example request", async () => {
      const samples = operation(page).getByText("Request samples").locator("xpath=..");
      expect(await samples.textContent()).toContain("qwen1.5-7b-chat");
    });

    it("switches to 5.3.28, whose AddModelService request has no containerCommand", async () => {
      await page.selectOption("#zms-version", { label: "5.3.28" });
      await page.waitForURL(`${server.url}/zstack/v1/docs?version=5.3.28`, { timeout: renderTimeout });
      await operation(page).waitFor({ timeout: renderTimeout });
      expect(await page.title()).toBe("ZStack model-service API 5.3.28: reference");
      await expandParam(page);
      expect(await requestField(page, "source").count()).toBe(1); // 5.3.28's own field is there
      expect(await requestField(page, "containerCommand").count()).toBe(0);
      expect(await requestField(page, "supportDistributed").count()).toBe(0);
      await operation(page).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, "reference-page-5.3.28.png") });
    });

    it("made no request that left the machine and logged no error", () => {
      const foreign = recorded.requests.filter(
        (url) => !url.startsWith(`${server.url}/`) && !url.startsWith(`blob:${server.url}/`),
      );
      expect(foreign).toEqual([]);
      expect(recorded.requests).toContain(`${server.url}/zstack/v1/docs/5.5.22/openapi.json`);
      expect(recorded.requests).toContain(`${server.url}/zstack/v1/docs/5.3.28/openapi.json`);
      expect(recorded.errors).toEqual([]);
    });
  },
);
