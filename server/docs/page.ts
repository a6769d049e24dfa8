// The reference page: a small HTML shell with a version switcher, Redoc rendering the chosen version's
// document below it. No inline script of ours, so the page's CSP can forbid inline scripts (see router.ts).

export interface ReferencePageOptions {
  /** Where the docs router is mounted, e.g. `/zstack/v1/docs`. */
  base: string;
  /** The version this page shows. */
  version: string;
  /** The server's own API version: the page without `?version=`. */
  serverVersion: string;
  versions: readonly string[];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The page for one version; `?version=` selects another, and the server's own needs none. */
export function pageUrl(base: string, version: string, serverVersion: string): string {
  return version === serverVersion ? base : `${base}?version=${encodeURIComponent(version)}`;
}

export function documentUrl(base: string, version: string): string {
  return `${base}/${encodeURIComponent(version)}/openapi.yaml`;
}

export function referencePage({ base, version, serverVersion, versions }: ReferencePageOptions): string {
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
</header>
<main id="zms-reference" data-spec-url="${e(specUrl)}"><noscript>${noscript}</noscript></main>
<script src="${e(base)}/assets/redoc.standalone.js"></script>
<script src="${e(base)}/assets/reference.js"></script>
</body>
</html>
`;
}

/** Starts Redoc on the page and wires the switcher. Plain ES5-safe JS, served as a file (CSP: no inline script). */
export const referenceScript = `"use strict";
(function () {
  var select = document.getElementById("zms-version");
  select.addEventListener("change", function () { window.location.assign(select.value); });
  var target = document.getElementById("zms-reference");
  var system = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  window.Redoc.init(target.getAttribute("data-spec-url"), {
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
})();
`;

export const referenceStyle = `body { margin: 0; }
.zms-bar { position: sticky; top: 0; z-index: 10; display: flex; gap: 1.5rem; align-items: center;
  padding: 0.6rem 1.2rem; background: #1f2d3d; color: #fff;
  font: 15px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.zms-title { font-weight: 600; }
.zms-version select { margin-left: 0.4rem; font: inherit; }
.zms-download { color: #9fd3ff; margin-left: auto; }
`;
