// The reference page: a small HTML shell with a version switcher, what the version changed, a "Try it" panel
// (try-it.ts) and Redoc rendering the chosen version's document, its navigation in the order of the API's
// workflow. No inline script of ours, so the page's CSP can forbid inline scripts (see router.ts).

export interface ReferencePageOptions {
  /** Where the docs router is mounted, e.g. `/zstack/v1/docs`. */
  base: string;
  /** The version this page shows. */
  version: string;
  /** The server's own API version: the page without `?version=`. */
  serverVersion: string;
  versions: readonly string[];
  /** What this version added and removed, as HTML (api-changes.ts); absent, the page shows no such section. */
  changes?: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The page for one version; `?version=` selects another, and the server's own needs none. */
export function pageUrl(base: string, version: string, serverVersion: string): string {
  return version === serverVersion ? base : `${base}?version=${encodeURIComponent(version)}`;
}

export function documentUrl(base: string, version: string, format: "yaml" | "json" = "yaml"): string {
  return `${base}/${encodeURIComponent(version)}/openapi.${format}`;
}

/** The "Try it" panel's markup; try-it.ts fills in the operations and does the work. */
function tryItPanel(serverVersion: string): string {
  return `<aside id="zms-try" class="zms-try" hidden>
<h2>Try it on this server (API ${escapeHtml(serverVersion)})</h2>
<form id="zms-login-form" class="zms-row">
<label>Account <input id="zms-account" value="admin" autocomplete="username"></label>
<label>Password <input id="zms-password" type="password" autocomplete="current-password"></label>
<button type="submit">Log in</button>
</form>
<p id="zms-login-state" class="zms-note"></p>
<form id="zms-session-form" class="zms-row">
<label>or a session <input id="zms-session-input" placeholder="32 hex digits" size="34"></label>
<button type="submit">Use it</button>
<button type="button" id="zms-forget">Forget</button>
</form>
<p id="zms-session-state" class="zms-note"></p>
<form id="zms-request-form">
<label>Operation <select id="zms-operation"></select></label>
<div class="zms-row"><input id="zms-method" size="7" aria-label="Method"><input id="zms-path" aria-label="Path"></div>
<label>Body (JSON)<textarea id="zms-body" rows="12" spellcheck="false"></textarea></label>
<button type="submit" id="zms-send">Send</button>
</form>
<section id="zms-answer" hidden>
<h3>Answer</h3>
<p id="zms-answer-status"></p>
<pre id="zms-answer-headers"></pre>
<pre id="zms-answer-body"></pre>
</section>
<section id="zms-job" hidden>
<h3>Job</h3>
<p id="zms-job-status"></p>
<pre id="zms-job-body"></pre>
</section>
</aside>`;
}

export function referencePage({ base, version, serverVersion, versions, changes }: ReferencePageOptions): string {
  const e = escapeHtml;
  const options = versions
    .map((v) => {
      const label = v === serverVersion ? `${v} (this server)` : v;
      const selected = v === version ? " selected" : "";
      return `<option value="${e(pageUrl(base, v, serverVersion))}"${selected}>${e(label)}</option>`;
    })
    .join("");
  const specUrl = documentUrl(base, version);
  const link = `<a href="${e(specUrl)}">openapi.yaml</a>`;
  const noscript = `This page needs JavaScript to render; the document itself is ${link}.`;
  const allChanges = `<a href="${e(base)}/api-changes.md">every version's changes</a>`;
  const changesSection =
    changes === undefined
      ? ""
      : `<details id="zms-changes" class="zms-changes"><summary>What ${e(version)} added and removed</summary>\n` +
        `${changes}\n<p>See also ${allChanges}.</p></details>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>ZStack model-service API ${e(version)}: reference</title>
<link rel="stylesheet" href="${e(base)}/assets/reference.css">
</head>
<body>
<header class="zms-bar">
<span class="zms-title">ZStack model-service API</span>
<label class="zms-version">API version <select id="zms-version">${options}</select></label>
<a class="zms-download" href="${e(specUrl)}">openapi.yaml</a>
<button type="button" id="zms-try-toggle">Try it</button>
</header>
${changesSection}
${tryItPanel(serverVersion)}
<main id="zms-reference" data-spec-url="${e(specUrl)}" data-document-url="${e(documentUrl(base, version, "json"))}" \
data-changes-url="${e(base)}/api-changes.md">\
<noscript>${noscript}</noscript></main>
<script src="${e(base)}/assets/redoc.standalone.js"></script>
<script src="${e(base)}/assets/sha512.js"></script>
<script src="${e(base)}/assets/try-it.js"></script>
<script src="${e(base)}/assets/reference.js"></script>
</body>
</html>
`;
}

/**
 * Loads the document, puts its tags in the order of the API's workflow (model centers, models, model services,
 * deployments; sessions, jobs and health last), hands it to the Try-it panel and starts Redoc on it, and wires
 * the switcher. Served as a file (CSP: no inline script).
 */
export const referenceScript = `"use strict";
(function () {
  var select = document.getElementById("zms-version");
  select.addEventListener("change", function () { window.location.assign(select.value); });
  var target = document.getElementById("zms-reference");
  var system = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  var workflow = ["Model centers", "Models", "Model services"];
  var last = ["Sessions", "Jobs", "Health"];
  function rank(tag) {
    if (workflow.indexOf(tag.name) !== -1) return workflow.indexOf(tag.name);
    if (/deploy|instance/i.test(tag.name)) return workflow.length;
    if (last.indexOf(tag.name) !== -1) return 100 + last.indexOf(tag.name);
    return 50;
  }
  fetch(target.getAttribute("data-document-url")).then(function (response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }).then(function (doc) {
    doc.tags = (doc.tags || []).slice().sort(function (a, b) { return rank(a) - rank(b); });
    // The description links api-changes.md beside the published file; on this page it is served here.
    var changes = target.getAttribute("data-changes-url");
    doc.info.description = (doc.info.description || "").split("](../api-changes.md").join("](" + changes);
    window.zmsTryIt(doc);
    start(doc);
  }).catch(function (error) {
    target.textContent = "The document could not be loaded (" + error.message + "); it is at " +
      target.getAttribute("data-spec-url");
  });
  function start(doc) {
  window.Redoc.init(doc, {
    scrollYOffset: "header.zms-bar",
    expandResponses: "200,202",
    requiredPropsFirst: true,
    sanitize: true,
    theme: {
      // Redoc's default fonts would come from a font service; the page uses the system's own.
      typography: {
        fontFamily: system,
        headings: { fontFamily: system },
        code: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace" }
      }
    }
  }, target);
  }
})();
`;

export const referenceStyle = `body { margin: 0; }
.zms-bar { position: sticky; top: 0; z-index: 10; display: flex; gap: 1.5rem; align-items: center;
  padding: 0.6rem 1.2rem; background: #1f2d3d; color: #fff;
  font: 15px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.zms-title { font-weight: 600; }
.zms-version select { margin-left: 0.4rem; font: inherit; }
.zms-download { color: #9fd3ff; margin-left: auto; }
#zms-try-toggle { font: inherit; padding: 0.2rem 0.8rem; cursor: pointer; }
.zms-changes { padding: 0.4rem 1.2rem; background: #f4f7fa; border-bottom: 1px solid #d8e0e8;
  font: 14px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.zms-changes summary { cursor: pointer; font-weight: 600; }
.zms-changes li { margin: 0.2rem 0; overflow-wrap: anywhere; }
.zms-try { position: fixed; top: 3rem; right: 0; bottom: 0; z-index: 20; width: min(560px, 100vw);
  overflow-y: auto; box-sizing: border-box; padding: 0.8rem 1.2rem; background: #fff;
  border-left: 2px solid #1f2d3d; box-shadow: -4px 0 12px rgba(0, 0, 0, 0.15);
  font: 14px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.zms-try[hidden] { display: none; }
.zms-try h2 { font-size: 1.1rem; margin: 0 0 0.6rem; }
.zms-try h3 { font-size: 1rem; margin: 0.8rem 0 0.2rem; }
.zms-try label { display: block; margin: 0.3rem 0; }
.zms-try .zms-row { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: flex-end; }
.zms-try .zms-row label { margin: 0; }
.zms-try #zms-path { flex: 1; }
.zms-try select, .zms-try textarea { width: 100%; box-sizing: border-box; }
.zms-try textarea, .zms-try pre { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.zms-try pre { background: #f4f7fa; padding: 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0; }
.zms-note { color: #445; margin: 0.2rem 0; }
`;
