// SHA-512 for the reference page's login where WebCrypto is missing: browsers expose `crypto.subtle` only in
// secure contexts (https, localhost), and a server on a LAN address over http is not one. ZStack's login takes
// the SHA-512 hex of the password, never the password. FIPS 180-4 on BigInts; the constants are computed, not
// copied (the fractional bits of the primes' square and cube roots). test/docs checks it against node:crypto.
// Served as a file of its own, so the page's CSP keeps scripts to 'self'.

export const sha512Script = `"use strict";
(function () {
  var MASK = (1n << 64n) - 1n;
  /** floor(n ** (1/k)) by Newton's method from above. */
  function root(n, k) {
    var x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(k)));
    for (;;) {
      var y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
      if (y >= x) return x;
      x = y;
    }
  }
  var primes = [];
  for (var n = 2; primes.length < 80; n++) {
    if (primes.every(function (p) { return n % p !== 0; })) primes.push(n);
  }
  primes = primes.map(BigInt);
  var K = primes.map(function (p) { return root(p << 192n, 3n) & MASK; });
  var H0 = primes.slice(0, 8).map(function (p) { return root(p << 128n, 2n) & MASK; });
  function rotr(x, n) { return ((x >> n) | (x << (64n - n))) & MASK; }

  window.zmsSha512Hex = function (text) {
    var data = new TextEncoder().encode(text);
    var length = Math.ceil((data.length + 17) / 128) * 128;
    var bytes = new Uint8Array(length);
    bytes.set(data);
    bytes[data.length] = 0x80;
    var bits = BigInt(data.length) * 8n;
    for (var i = 0; i < 16; i++) bytes[length - 1 - i] = Number((bits >> BigInt(8 * i)) & 0xffn);
    var H = H0.slice();
    var W = new Array(80);
    for (var block = 0; block < length; block += 128) {
      for (var t = 0; t < 80; t++) {
        if (t < 16) {
          var w = 0n;
          for (var b = 0; b < 8; b++) w = (w << 8n) | BigInt(bytes[block + t * 8 + b]);
          W[t] = w;
        } else {
          var s0 = rotr(W[t - 15], 1n) ^ rotr(W[t - 15], 8n) ^ (W[t - 15] >> 7n);
          var s1 = rotr(W[t - 2], 19n) ^ rotr(W[t - 2], 61n) ^ (W[t - 2] >> 6n);
          W[t] = (W[t - 16] + s0 + W[t - 7] + s1) & MASK;
        }
      }
      var a = H[0], c1 = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (var r = 0; r < 80; r++) {
        var S1 = rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n);
        var ch = (e & f) ^ (~e & MASK & g);
        var t1 = (h + S1 + ch + K[r] + W[r]) & MASK;
        var S0 = rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n);
        var maj = (a & c1) ^ (a & c) ^ (c1 & c);
        h = g; g = f; f = e; e = (d + t1) & MASK; d = c; c = c1; c1 = a; a = (t1 + S0 + maj) & MASK;
      }
      [a, c1, c, d, e, f, g, h].forEach(function (v, k) { H[k] = (H[k] + v) & MASK; });
    }
    return H.map(function (v) { return v.toString(16).padStart(16, "0"); }).join("");
  };
})();
`;
