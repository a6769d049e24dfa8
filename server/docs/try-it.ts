// The reference page's "Try it" panel: log in (or paste a session), pick any operation, send its example or an
// edited request to this very server, read the status, headers and body, and follow an asynchronous call's job
// to its result. Redoc renders but cannot send; this panel is the small piece it lacks. It reads the same
// document Redoc renders (reference.js hands it over) and talks only to this origin (CSP connect-src 'self').
// Served as a file; its markup is in page.ts.

export const tryItScript = `"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var storageKey = "zms-session";
  var operations = [];

  function session() { return window.sessionStorage.getItem(storageKey) || ""; }
  function showSession() {
    var uuid = session();
    $("zms-session-state").textContent = uuid ? "Session " + uuid : "Not logged in: calls go without a session.";
  }
  function useSession(uuid) {
    if (uuid) window.sessionStorage.setItem(storageKey, uuid);
    else window.sessionStorage.removeItem(storageKey);
    showSession();
  }

  /** ZStack's login takes the SHA-512 hex of the password: WebCrypto where the page may use it, else ours. */
  async function passwordHash(password) {
    if (window.isSecureContext && window.crypto && window.crypto.subtle) {
      var digest = await window.crypto.subtle.digest("SHA-512", new TextEncoder().encode(password));
      return Array.from(new Uint8Array(digest)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    }
    return window.zmsSha512Hex(password);
  }

  async function call(method, path, body) {
    var headers = {};
    if (session()) headers.Authorization = "OAuth " + session();
    if (body !== undefined) headers["Content-Type"] = "application/json;charset=UTF-8";
    var response = await fetch(path, { method: method, headers: headers, body: body, credentials: "omit" });
    var text = await response.text();
    var parsed;
    try { parsed = text ? JSON.parse(text) : undefined; } catch (e) { parsed = undefined; }
    return { response: response, text: text, body: parsed };
  }

  function pretty(answer) {
    return answer.body === undefined ? answer.text : JSON.stringify(answer.body, null, 2);
  }

  async function logIn(event) {
    event.preventDefault();
    var state = $("zms-login-state");
    state.textContent = "Logging in...";
    try {
      var password = await passwordHash($("zms-password").value);
      var body = JSON.stringify({ logInByAccount: { accountName: $("zms-account").value, password: password } });
      useSession("");
      var answer = await call("PUT", "/zstack/v1/accounts/login", body);
      if (answer.response.ok && answer.body && answer.body.inventory) {
        useSession(answer.body.inventory.uuid);
        state.textContent = "Logged in as " + $("zms-account").value + ".";
      } else {
        state.textContent = "Login failed: HTTP " + answer.response.status + " " + pretty(answer);
      }
    } catch (error) {
      state.textContent = "Login failed: " + error.message;
    }
  }

  function resolve(doc, schema) {
    var seen = 0;
    while (schema && seen++ < 20) {
      if (schema.$ref) schema = doc.components.schemas[schema.$ref.split("/").pop()];
      else if (schema.allOf && schema.allOf.length === 1) schema = schema.allOf[0];
      else return schema;
    }
    return schema;
  }

  /** A body to start from where the spec has no example: the required fields, each with an empty value. */
  function skeleton(doc, schema, depth) {
    schema = resolve(doc, schema);
    if (!schema || depth > 6) return null;
    if (schema.oneOf || schema.anyOf) return skeleton(doc, (schema.oneOf || schema.anyOf)[0], depth + 1);
    if (schema.default !== undefined) return schema.default;
    if (schema.enum) return schema.enum[0];
    switch (schema.type) {
      case "object":
        var value = {};
        (schema.required || []).forEach(function (key) {
          value[key] = skeleton(doc, (schema.properties || {})[key], depth + 1);
        });
        return value;
      case "array": return [];
      case "integer": case "number": return schema.minimum !== undefined ? schema.minimum : 0;
      case "boolean": return false;
      default: return "";
    }
  }

  function parameter(doc, p) { return p.$ref ? doc.components.parameters[p.$ref.split("/").pop()] : p; }

  /** The operation's first example (path, query, body), else its path and a skeleton body. */
  function startingRequest(doc, entry) {
    var op = entry.operation;
    var media = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    var titles = Object.keys((media && media.examples) || {});
    Object.values(op.responses || {}).forEach(function (r) {
      var c = r.content && r.content["application/json"];
      Object.keys((c && c.examples) || {}).forEach(function (t) { if (titles.indexOf(t) === -1) titles.push(t); });
    });
    var title = titles[0];
    var path = entry.path;
    var query = new URLSearchParams();
    (op.parameters || []).map(function (p) { return parameter(doc, p); }).forEach(function (p) {
      var example = title && p.examples && p.examples[title];
      if (!example) return;
      if (p.in === "path") path = path.replace("{" + p.name + "}", String(example.value));
      if (p.in === "query") [].concat(example.value).forEach(function (v) { query.append(p.name, String(v)); });
    });
    var body;
    if (media) {
      var example = title && media.examples && media.examples[title];
      body = example ? example.value : skeleton(doc, media.schema, 0);
    }
    var search = query.toString();
    return { path: search ? path + "?" + search : path, body: body };
  }

  function choose(name) {
    var entry = operations.find(function (o) { return o.operation.operationId === name; });
    if (!entry) return;
    $("zms-operation").value = name;
    var start = startingRequest(window.zmsDocument, entry);
    $("zms-method").value = entry.method.toUpperCase();
    $("zms-path").value = start.path;
    $("zms-body").value = start.body === undefined ? "" : JSON.stringify(start.body, null, 2);
  }

  function show(prefix, answer) {
    $(prefix + "-status").textContent = "HTTP " + answer.response.status + " " + answer.response.statusText;
    var headers = [];
    answer.response.headers.forEach(function (value, name) { headers.push(name + ": " + value); });
    if ($(prefix + "-headers")) $(prefix + "-headers").textContent = headers.join("\\n");
    $(prefix + "-body").textContent = pretty(answer);
  }

  /** Polls the job at \`location\` (on this origin) until it is no longer running. */
  async function follow(location) {
    var path = new URL(location, window.location.href).pathname;
    $("zms-job").hidden = false;
    $("zms-job-status").textContent = "Polling " + path + " ...";
    $("zms-job-body").textContent = "";
    for (var tries = 0; tries < 600; tries++) {
      var answer = await call("GET", path);
      if (answer.response.status !== 202) {
        show("zms-job", answer);
        $("zms-job-status").textContent += answer.response.ok ? " (the job's result)" : " (the job failed)";
        return;
      }
      $("zms-job-status").textContent = "HTTP 202: the job is running (" + (tries + 1) + " polls)";
      await new Promise(function (resolve) { setTimeout(resolve, 500); });
    }
  }

  async function send(event) {
    event.preventDefault();
    $("zms-answer").hidden = false;
    $("zms-job").hidden = true;
    $("zms-answer-status").textContent = "Sending...";
    $("zms-answer-headers").textContent = "";
    $("zms-answer-body").textContent = "";
    var method = $("zms-method").value.trim().toUpperCase();
    var body = $("zms-body").value.trim();
    try {
      var answer = await call(method, $("zms-path").value.trim(), body && method !== "GET" ? body : undefined);
      show("zms-answer", answer);
      if (answer.response.status === 202 && answer.body && answer.body.location) await follow(answer.body.location);
    } catch (error) {
      $("zms-answer-status").textContent = "The request failed: " + error.message;
    }
  }

  function fromHash() {
    var match = /operation\\/([A-Za-z0-9_]+)/.exec(window.location.hash);
    if (match) choose(match[1]);
  }

  /** Called by reference.js with the document it renders, tags already in the page's order. */
  window.zmsTryIt = function (doc) {
    window.zmsDocument = doc;
    var tagOrder = (doc.tags || []).map(function (t) { return t.name; });
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        if (op && op.operationId) operations.push({ path: path, method: method, operation: op });
      });
    });
    var rank = function (o) { var i = tagOrder.indexOf((o.operation.tags || [])[0]); return i === -1 ? 99 : i; };
    operations.sort(function (a, b) { return rank(a) - rank(b); });
    var select = $("zms-operation");
    var group;
    operations.forEach(function (o) {
      var tag = (o.operation.tags || ["Other"])[0];
      if (!group || group.label !== tag) {
        group = document.createElement("optgroup");
        group.label = tag;
        select.appendChild(group);
      }
      var option = document.createElement("option");
      option.value = o.operation.operationId;
      option.textContent = o.operation.operationId + " (" + o.method.toUpperCase() + " " + o.path + ")";
      group.appendChild(option);
    });
    select.addEventListener("change", function () { choose(select.value); });
    $("zms-login-form").addEventListener("submit", logIn);
    $("zms-session-form").addEventListener("submit", function (event) {
      event.preventDefault();
      useSession($("zms-session-input").value.trim());
    });
    $("zms-forget").addEventListener("click", function () { useSession(""); });
    $("zms-request-form").addEventListener("submit", send);
    $("zms-try-toggle").addEventListener("click", function () {
      var panel = $("zms-try");
      panel.hidden = !panel.hidden;
      if (!panel.hidden) fromHash();
    });
    window.addEventListener("hashchange", fromHash);
    showSession();
    choose(operations[0] && operations[0].operation.operationId);
    fromHash();
  };
})();
`;
