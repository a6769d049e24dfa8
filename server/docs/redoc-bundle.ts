// Redoc's standalone bundle, as this server serves it: from the installed package, never a CDN, and with
// the one remote reference it carries taken out, so the reference page works offline and makes no request
// that leaves the machine.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Redoc's sidebar attribution ("API docs by Redocly") always renders this logo from Redocly's CDN and
// has no option to turn it off. Blocking it by CSP alone would log a violation on every page load, so
// the bundle points it at an inline blank image instead; the attribution link itself stays.
const remoteLogo = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const blankImage = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";

/** Reads the installed Redoc standalone bundle and makes it self-contained. Throws if it cannot be. */
export function loadRedocBundle(): string {
  const path = createRequire(import.meta.url).resolve("redoc/bundles/redoc.standalone.js");
  const bundle = readFileSync(path, "utf8")
    .replaceAll(remoteLogo, blankImage)
    // We do not serve the 3 MB source map; a browser's developer tools would otherwise ask for it.
    .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  if (bundle.includes("cdn.redoc.ly")) {
    throw new Error(
      `${path} refers to cdn.redoc.ly in a way this server does not know how to remove; check the Redoc version`,
    );
  }
  return bundle;
}
