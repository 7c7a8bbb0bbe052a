// QR code encoder for the phone card (ISO/IEC 18004): error-correction
// level M, numeric mode for all-digit text, otherwise byte mode over UTF-8,
// smallest version 1–40, mask chosen by the standard's penalty rules.
// Classic script, no dependencies; defines globalThis.AkQr. It only
// computes: nothing is logged, sent or stored.
(function () {
  "use strict";

  // Level M, per version 1..40: error-correction codewords per block and
  // number of blocks (ISO/IEC 18004 table 9).
  var EC_PER_BLOCK = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
  var BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23,
    25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];
  var EC_BITS_M = 0; // format-information bits of level M

  // ---- GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1
  var EXP = new Uint8Array(512);
  var LOG = new Uint8Array(256);
  (function () {
    var x = 1;
    for (var i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if (x & 0x100) x ^= 0x11d;
    }
    for (var j = 255; j < 512; j++) EXP[j] = EXP[j - 255];
  })();

  function gmul(a, b) {
    return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
  }

  // Generator polynomial of degree n, coefficients highest first without
  // the leading 1: prod (x - a^i), i = 0..n-1.
  function generator(n) {
    var g = [1];
    for (var i = 0; i < n; i++) {
      var next = new Array(g.length + 1).fill(0);
      for (var k = 0; k < g.length; k++) {
        next[k] ^= g[k];
        next[k + 1] ^= gmul(g[k], EXP[i]);
      }
      g = next;
    }
    return g.slice(1);
  }

  function remainder(data, gen) {
    var n = gen.length;
    var r = new Uint8Array(n);
    for (var i = 0; i < data.length; i++) {
      var f = data[i] ^ r[0];
      r.copyWithin(0, 1);
      r[n - 1] = 0;
      if (f !== 0) for (var k = 0; k < n; k++) r[k] ^= gmul(gen[k], f);
    }
    return r;
  }

  // ---- sizes
  function sizeOf(v) {
    return 17 + 4 * v;
  }

  // Modules left for data and error correction after all function patterns.
  function rawModules(v) {
    var n = sizeOf(v);
    var count = n * n - 3 * 64 - 2 * (n - 16) - 31; // finders+separators, timing, format+dark
    if (v >= 2) {
      var a = Math.floor(v / 7) + 2;
      count -= 25 * (a * a - 3) - 10 * (a - 2); // alignment patterns, minus overlap with timing
    }
    if (v >= 7) count -= 36;
    return count;
  }

  function dataCodewords(v) {
    return Math.floor(rawModules(v) / 8) - EC_PER_BLOCK[v] * BLOCKS[v];
  }

  function alignmentPositions(v) {
    if (v === 1) return [];
    var a = Math.floor(v / 7) + 2;
    var last = sizeOf(v) - 7;
    var step = v === 32 ? 26 : Math.ceil((last - 6) / (a - 1) / 2) * 2;
    var out = [6];
    for (var i = a - 2; i >= 0; i--) out.push(last - i * step);
    return out;
  }

  // ---- bit buffer
  function Bits() {
    this.bits = [];
  }
  Bits.prototype.put = function (value, len) {
    for (var i = len - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
  };

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  // Mode, character count and data for a version range; returns a Bits or
  // null when the character count does not fit its field.
  function segmentBits(text, numeric, bytes, v) {
    var b = new Bits();
    var countBits;
    if (numeric) {
      countBits = v <= 9 ? 10 : v <= 26 ? 12 : 14;
      if (text.length >= 1 << countBits) return null;
      b.put(1, 4);
      b.put(text.length, countBits);
      for (var i = 0; i < text.length; i += 3) {
        var chunk = text.slice(i, i + 3);
        b.put(parseInt(chunk, 10), chunk.length * 3 + 1);
      }
    } else {
      countBits = v <= 9 ? 8 : 16;
      if (bytes.length >= 1 << countBits) return null;
      b.put(4, 4);
      b.put(bytes.length, countBits);
      for (var j = 0; j < bytes.length; j++) b.put(bytes[j], 8);
    }
    return b;
  }

  // ---- matrix
  function Matrix(v) {
    this.v = v;
    this.n = sizeOf(v);
    this.dark = new Uint8Array(this.n * this.n);
    this.fixed = new Uint8Array(this.n * this.n);
  }
  Matrix.prototype.set = function (x, y, d) {
    var i = y * this.n + x;
    this.dark[i] = d ? 1 : 0;
    this.fixed[i] = 1;
  };

  function drawFunctionPatterns(m) {
    var n = m.n;
    var x, y, dx, dy;
    // Timing patterns.
    for (var i = 0; i < n; i++) {
      m.set(6, i, i % 2 === 0);
      m.set(i, 6, i % 2 === 0);
    }
    // Finder patterns with their separators.
    var corners = [[3, 3], [n - 4, 3], [3, n - 4]];
    for (var c = 0; c < 3; c++) {
      for (dy = -4; dy <= 4; dy++) {
        for (dx = -4; dx <= 4; dx++) {
          x = corners[c][0] + dx;
          y = corners[c][1] + dy;
          if (x < 0 || y < 0 || x >= n || y >= n) continue;
          var r = Math.max(Math.abs(dx), Math.abs(dy));
          m.set(x, y, r !== 2 && r !== 4);
        }
      }
    }
    // Alignment patterns, except where they would cover a finder.
    var pos = alignmentPositions(m.v);
    for (var a = 0; a < pos.length; a++) {
      for (var b = 0; b < pos.length; b++) {
        var last = pos.length - 1;
        if ((a === 0 && b === 0) || (a === 0 && b === last) || (a === last && b === 0)) continue;
        for (dy = -2; dy <= 2; dy++) {
          for (dx = -2; dx <= 2; dx++) {
            m.set(pos[a] + dx, pos[b] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
          }
        }
      }
    }
    // Reserve format information (written per mask) and the dark module.
    drawFormat(m, 0);
    // Version information.
    if (m.v >= 7) {
      var rem = m.v;
      for (var k = 0; k < 12; k++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
      var bits = (m.v << 12) | rem;
      for (var t = 0; t < 18; t++) {
        var bit = (bits >>> t) & 1;
        var p = n - 11 + (t % 3);
        var q = Math.floor(t / 3);
        m.set(p, q, bit);
        m.set(q, p, bit);
      }
    }
  }

  function formatBits(mask) {
    var data = (EC_BITS_M << 3) | mask;
    var rem = data;
    for (var i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    return ((data << 10) | rem) ^ 0x5412;
  }

  function drawFormat(m, mask) {
    var n = m.n;
    var bits = formatBits(mask);
    var i;
    for (i = 0; i < 15; i++) {
      var bit = (bits >>> i) & 1;
      // Copy around the top-left finder.
      if (i < 6) m.set(8, i, bit);
      else if (i < 8) m.set(8, i + 1, bit);
      else if (i === 8) m.set(7, 8, bit);
      else m.set(14 - i, 8, bit);
      // Copy split between the other two finders.
      if (i < 8) m.set(n - 1 - i, 8, bit);
      else m.set(8, n - 15 + i, bit);
    }
    m.set(8, n - 8, 1);
  }

  // Data and error-correction codewords in zigzag columns from the right.
  function placeCodewords(m, codewords) {
    var n = m.n;
    var bit = 0;
    var total = codewords.length * 8;
    var upward = true;
    for (var right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5; // skip the vertical timing column
      for (var k = 0; k < n; k++) {
        var y = upward ? n - 1 - k : k;
        for (var dx = 0; dx < 2; dx++) {
          var x = right - dx;
          var idx = y * n + x;
          if (m.fixed[idx]) continue;
          if (bit < total) m.dark[idx] = (codewords[bit >>> 3] >>> (7 - (bit & 7))) & 1;
          bit++;
        }
      }
      upward = !upward;
    }
  }

  function maskBit(mask, x, y) {
    switch (mask) {
      case 0: return (y + x) % 2 === 0;
      case 1: return y % 2 === 0;
      case 2: return x % 3 === 0;
      case 3: return (y + x) % 3 === 0;
      case 4: return (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0;
      case 5: return ((y * x) % 2) + ((y * x) % 3) === 0;
      case 6: return (((y * x) % 2) + ((y * x) % 3)) % 2 === 0;
      default: return (((y + x) % 2) + ((y * x) % 3)) % 2 === 0;
    }
  }

  function applyMask(m, mask) {
    var n = m.n;
    for (var y = 0; y < n; y++) {
      for (var x = 0; x < n; x++) {
        var i = y * n + x;
        if (!m.fixed[i] && maskBit(mask, x, y)) m.dark[i] ^= 1;
      }
    }
  }

  // ISO/IEC 18004 §7.8.3 penalty: N1 = 3, N2 = 3, N3 = 40, N4 = 10.
  function penalty(m) {
    var n = m.n;
    var d = m.dark;
    var score = 0;
    var line = new Uint8Array(n);
    for (var dir = 0; dir < 2; dir++) {
      for (var a = 0; a < n; a++) {
        for (var b = 0; b < n; b++) line[b] = dir === 0 ? d[a * n + b] : d[b * n + a];
        score += linePenalty(line, n);
      }
    }
    // Rule 2: each 2×2 block of one colour.
    for (var y = 0; y < n - 1; y++) {
      for (var x = 0; x < n - 1; x++) {
        var c = d[y * n + x];
        if (c === d[y * n + x + 1] && c === d[(y + 1) * n + x] && c === d[(y + 1) * n + x + 1]) score += 3;
      }
    }
    // Rule 4: proportion of dark modules, 10 points per full 5% step away from 50%.
    var darkCount = 0;
    for (var i = 0; i < d.length; i++) darkCount += d[i];
    var total = n * n;
    var k = Math.floor(Math.abs(darkCount * 20 - total * 10) / total);
    return score + k * 10;
  }

  var FINDER = [1, 0, 1, 1, 1, 0, 1];

  function linePenalty(line, n) {
    var score = 0;
    // Rule 1: runs of five or more modules of one colour.
    var run = 1;
    for (var i = 1; i <= n; i++) {
      if (i < n && line[i] === line[i - 1]) {
        run++;
      } else {
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
    }
    // Rule 3: 1:1:3:1:1 finder-like pattern with four light modules on
    // either side (outside the symbol counts as light: the quiet zone).
    var at = function (j) {
      return j < 0 || j >= n ? 0 : line[j];
    };
    for (var s = -4; s < n; s++) {
      var match = true;
      for (var f = 0; f < 7 && match; f++) if (at(s + f) !== FINDER[f]) match = false;
      if (!match) continue;
      if (s + 6 >= n || s < 0) continue;
      var before = at(s - 1) === 0 && at(s - 2) === 0 && at(s - 3) === 0 && at(s - 4) === 0;
      var after = at(s + 7) === 0 && at(s + 8) === 0 && at(s + 9) === 0 && at(s + 10) === 0;
      if (before) score += 40;
      if (after) score += 40;
    }
    return score;
  }

  function encode(text) {
    text = String(text);
    var numeric = /^[0-9]+$/.test(text);
    var bytes = numeric ? null : utf8(text);
    var v, bits, capacity;
    for (v = 1; v <= 40; v++) {
      capacity = dataCodewords(v);
      bits = segmentBits(text, numeric, bytes, v);
      if (bits !== null && bits.bits.length <= capacity * 8) break;
    }
    if (v > 40) throw new Error("too long");
    // Terminator, byte alignment, then the pad codewords 0xEC 0x11.
    var b = bits.bits;
    var cap = capacity * 8;
    for (var t = 0; t < 4 && b.length < cap; t++) b.push(0);
    while (b.length % 8 !== 0) b.push(0);
    var data = new Uint8Array(capacity);
    var len = b.length / 8;
    for (var i = 0; i < len; i++) {
      var byte = 0;
      for (var j = 0; j < 8; j++) byte = (byte << 1) | b[i * 8 + j];
      data[i] = byte;
    }
    for (var p = len; p < capacity; p++) data[p] = (p - len) % 2 === 0 ? 0xec : 0x11;

    // Split into blocks (the longer blocks last), add error correction, interleave.
    var nBlocks = BLOCKS[v];
    var ecLen = EC_PER_BLOCK[v];
    var shortLen = Math.floor(capacity / nBlocks);
    var longCount = capacity % nBlocks;
    var gen = generator(ecLen);
    var blocks = [];
    var ecs = [];
    var off = 0;
    for (var k = 0; k < nBlocks; k++) {
      var blen = shortLen + (k >= nBlocks - longCount ? 1 : 0);
      var blk = data.subarray(off, off + blen);
      off += blen;
      blocks.push(blk);
      ecs.push(remainder(blk, gen));
    }
    var out = [];
    for (var c = 0; c <= shortLen; c++) {
      for (var q = 0; q < nBlocks; q++) if (c < blocks[q].length) out.push(blocks[q][c]);
    }
    for (var e = 0; e < ecLen; e++) {
      for (var r = 0; r < nBlocks; r++) out.push(ecs[r][e]);
    }

    var m = new Matrix(v);
    drawFunctionPatterns(m);
    placeCodewords(m, out);
    var best = -1;
    var bestScore = Infinity;
    for (var mask = 0; mask < 8; mask++) {
      applyMask(m, mask);
      drawFormat(m, mask);
      var score = penalty(m);
      if (score < bestScore) {
        bestScore = score;
        best = mask;
      }
      applyMask(m, mask); // undo
    }
    applyMask(m, best);
    drawFormat(m, best);
    return { size: m.n, modules: m.dark };
  }

  // SVG markup of an encoded code: a white background and one path of dark
  // modules, in module units with a quiet zone. Only numbers go into it.
  function svg(qr, quietZone) {
    var qz = quietZone === undefined ? 4 : Math.max(0, Math.floor(Number(quietZone)) || 0);
    var n = qr.size | 0;
    var total = n + 2 * qz;
    var d = [];
    for (var y = 0; y < n; y++) {
      var x = 0;
      while (x < n) {
        if (!qr.modules[y * n + x]) {
          x++;
          continue;
        }
        var start = x;
        while (x < n && qr.modules[y * n + x]) x++;
        d.push("M" + (start + qz) + " " + (y + qz) + "h" + (x - start) + "v1h-" + (x - start) + "z");
      }
    }
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + total + " " + total +
      '" shape-rendering="crispEdges"><rect width="' + total + '" height="' + total +
      '" fill="#fff"/><path fill="#000" d="' + d.join("") + '"/></svg>'
    );
  }

  globalThis.AkQr = Object.freeze({ encode: encode, svg: svg });
})();
