// Activity-card tokens in the browser, mirroring shared/src/wire.rs (see
// docs/SPEC.md §2–§4): text forms, the CBOR payload, the card number and
// the Ed25519 signature (through WebCrypto). Classic script, no
// dependencies; defines globalThis.AkToken. It only computes: nothing is
// logged, sent or stored.
(function () {
  "use strict";

  var MAX_TEXT_LEN = 600; // UTF-8 bytes, SPEC §3.4
  var MAX_TOKEN_BYTES = 160; // SPEC §2.3
  var SIGNATURE_LEN = 64;
  var KEY_ID_LEN = 8;
  var TOKEN_ID_LEN = 16;
  var TOKEN_VERSION = 1;
  var LAST_DAY = 65535;
  var GROUP_DIGITS = [0, 3, 5, 8, 10, 13, 15, 17]; // digits of a k-byte group
  // "aktivitetskort/token/v1" followed by one zero byte (SPEC §2.2).
  var TOKEN_CONTEXT = (function () {
    var s = "aktivitetskort/token/v1";
    var out = new Uint8Array(s.length + 1);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  })();

  var MESSAGES = {
    empty: "no token",
    too_long: "too long",
    invalid_character: "a character that is not a digit",
    bad_url: "not a card link",
    digit_count: "wrong number of digits",
    digit_group: "a digit group is out of range",
    unsupported_version: "unsupported token version",
    malformed: "malformed token",
    truncated: "token is cut short",
    trailing: "bytes after the token",
    non_canonical: "token is not in canonical form"
  };

  function TokenError(code) {
    var e = new Error(MESSAGES[code] || code);
    Object.setPrototypeOf(e, TokenError.prototype);
    e.code = code;
    return e;
  }
  TokenError.prototype = Object.create(Error.prototype, {
    constructor: { value: TokenError, writable: true, configurable: true },
    name: { value: "TokenError", writable: true, configurable: true }
  });

  // ---------------------------------------------------------------- hex

  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }

  function fromHex(str) {
    str = String(str);
    if (str.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(str)) throw new Error("not hex");
    var out = new Uint8Array(str.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(str.slice(i * 2, i * 2 + 2), 16);
    return out;
  }

  // ---------------------------------------------------------------- §3 text

  // Rust's char::is_whitespace (Unicode White_Space), which str::trim uses.
  // JavaScript's String.prototype.trim differs (it trims U+FEFF, not U+0085).
  function isWhiteSpace(c) {
    return (
      (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
    );
  }

  function trim(s) {
    var a = 0;
    var b = s.length;
    while (a < b && isWhiteSpace(s.charCodeAt(a))) a++;
    while (b > a && isWhiteSpace(s.charCodeAt(b - 1))) b--;
    return s.slice(a, b);
  }

  function isDigits(s) {
    return /^[0-9]+$/.test(s);
  }

  function asciiLower(s) {
    return s.replace(/[A-Z]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) + 32);
    });
  }

  // SPEC §3.1, as decode_decimal: groups of 17 digits (7 bytes), then one
  // shorter group; canonical digit counts and group values only.
  function decodeDecimal(s) {
    if (s.length === 0) throw TokenError("empty");
    if (!isDigits(s)) throw TokenError("invalid_character");
    var full = Math.floor(s.length / 17);
    var tailBytes = GROUP_DIGITS.indexOf(s.length % 17);
    if (tailBytes < 0) throw TokenError("digit_count");
    var out = new Uint8Array(full * 7 + tailBytes);
    var pos = 0;
    var o = 0;
    for (var g = 0; g < full + (tailBytes > 0 ? 1 : 0); g++) {
      var k = g < full ? 7 : tailBytes;
      var width = GROUP_DIGITS[k];
      // Big-endian k-byte accumulator: exact, no floating point.
      var acc = new Uint8Array(k);
      for (var i = 0; i < width; i++) {
        var carry = s.charCodeAt(pos + i) - 48;
        for (var j = k - 1; j >= 0; j--) {
          var t = acc[j] * 10 + carry;
          acc[j] = t & 0xff;
          carry = t >>> 8;
        }
        if (carry !== 0) throw TokenError("digit_group");
      }
      pos += width;
      out.set(acc, o);
      o += k;
    }
    return out;
  }

  function utf8Length(s) {
    return new TextEncoder().encode(s).length;
  }

  // SPEC §3.4, as token_bytes_from_text.
  function bytesFromText(text) {
    text = String(text);
    if (utf8Length(text) > MAX_TEXT_LEN) throw TokenError("too_long");
    var t = trim(text);
    if (t.length === 0) throw TokenError("empty");
    if (isDigits(t)) return decodeDecimal(t);
    var hash = t.indexOf("#");
    if (hash < 0) throw TokenError(t.indexOf("://") >= 0 ? "bad_url" : "invalid_character");
    var before = t.slice(0, hash);
    var fragment = t.slice(hash + 1);
    var lower = asciiLower(before);
    var rest;
    if (lower.slice(0, 8) === "https://") rest = before.slice(8);
    else if (lower.slice(0, 7) === "http://") rest = before.slice(7);
    else throw TokenError("bad_url");
    var slash = rest.indexOf("/");
    if (slash < 0) throw TokenError("bad_url");
    var host = rest.slice(0, slash);
    var path = rest.slice(slash + 1);
    if (host.length === 0 || (path !== "k" && path !== "K")) throw TokenError("bad_url");
    return decodeDecimal(fragment);
  }

  // ---------------------------------------------------------------- §2 token

  // A strict reader for exactly the version-1 payload: an array of 7
  // (uint 1, bstr 8, bstr 16, uint ≤ 65535, three uints ≤ LAST_DAY). Heads
  // that are not minimal are read but remembered, so that the verdict order
  // follows wire.rs (size, version, layout, field ranges, then canonicity).
  function Reader(bytes) {
    this.b = bytes;
    this.pos = 0;
    this.nonCanonical = false;
    this.lenient = false;
  }

  // True, and the break byte consumed, if an indefinite item ends here.
  Reader.prototype.atBreak = function () {
    if (this.pos >= this.b.length) throw TokenError("truncated");
    if (this.b[this.pos] !== 0xff) return false;
    this.pos++;
    return true;
  };

  // One head: { major, value } (value as a number; exact up to 2^53, and
  // every value that matters here is far smaller).
  Reader.prototype.head = function () {
    var b = this.b;
    if (this.pos >= b.length) throw TokenError("truncated");
    var ib = b[this.pos++];
    var major = ib >> 5;
    var info = ib & 31;
    var value;
    if (info < 24) {
      value = info;
    } else if (info <= 27) {
      var len = 1 << (info - 24);
      if (this.pos + len > b.length) throw TokenError("truncated");
      value = 0;
      for (var i = 0; i < len; i++) value = value * 256 + b[this.pos + i];
      this.pos += len;
      var min = info === 24 ? 24 : info === 25 ? 0x100 : info === 26 ? 0x10000 : 0x100000000;
      if (value < min) this.nonCanonical = true;
    } else if (info === 31 && major >= 2 && major <= 5) {
      // Indefinite length: never in a canonical payload. Only the reader
      // that finds the payload's end (skipItem) goes on.
      if (!this.lenient) throw TokenError("non_canonical");
      value = -1;
    } else {
      throw TokenError("malformed");
    }
    return { major: major, info: info, value: value };
  };

  Reader.prototype.uint = function (max) {
    var h = this.head();
    if (h.major !== 0 || h.value > max) throw TokenError("malformed");
    return h.value;
  };

  Reader.prototype.bytes = function (len) {
    var h = this.head();
    if (h.major !== 2) throw TokenError("malformed");
    var out;
    if (h.value < 0) {
      // Indefinite: the chunks joined (their layout was checked by skipItem).
      this.nonCanonical = true;
      var parts = [];
      while (!this.atBreak()) {
        var c = this.head();
        parts.push.apply(parts, Array.from(this.b.subarray(this.pos, this.pos + c.value)));
        this.pos += c.value;
      }
      out = Uint8Array.from(parts);
    } else {
      if (this.pos + h.value > this.b.length) throw TokenError("truncated");
      out = this.b.slice(this.pos, this.pos + h.value);
      this.pos += h.value;
    }
    if (out.length !== len) throw TokenError("malformed");
    return out;
  };

  function toBytes(x) {
    if (x instanceof Uint8Array) return x;
    if (x instanceof ArrayBuffer) return new Uint8Array(x);
    if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    if (Array.isArray(x)) return Uint8Array.from(x);
    throw new TypeError("expected bytes");
  }

  function uintHead(major, v, out) {
    var m = major << 5;
    if (v < 24) out.push(m | v);
    else if (v < 0x100) out.push(m | 24, v);
    else if (v < 0x10000) out.push(m | 25, v >> 8, v & 0xff);
    else out.push(m | 26, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }

  // The canonical payload of these claims (SPEC §2.1, encode_payload).
  function encodePayload(keyId, tokenId, cardType, validFrom, validUntil, issuedOn) {
    var out = [0x87];
    uintHead(0, TOKEN_VERSION, out);
    uintHead(2, keyId.length, out);
    out.push.apply(out, Array.from(keyId));
    uintHead(2, tokenId.length, out);
    out.push.apply(out, Array.from(tokenId));
    uintHead(0, cardType, out);
    uintHead(0, validFrom, out);
    uintHead(0, validUntil, out);
    uintHead(0, issuedOn, out);
    return Uint8Array.from(out);
  }

  function skipString(r, h) {
    var b = r.b;
    if (r.pos + h.value > b.length) throw TokenError("truncated");
    if (h.major === 3) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(r.pos, r.pos + h.value));
      } catch (e) {
        throw TokenError("malformed");
      }
    }
    r.pos += h.value;
  }

  // Where the CBOR item that starts at `pos` ends, read as wire.rs's
  // general reader does (at most 2 levels of arrays, maps and tags; any
  // lengths, also indefinite), so that a damaged token gets the same
  // verdict: cut short → truncated, not CBOR → malformed.
  function skipItem(r, depth) {
    var h = r.head();
    var b = r.b;
    switch (h.major) {
      case 0:
      case 1:
        return;
      case 2:
      case 3:
        if (h.value < 0) {
          // Indefinite string: definite chunks of the same type, then a break.
          while (!r.atBreak()) {
            var chunk = r.head();
            if (chunk.major !== h.major || chunk.value < 0) throw TokenError("malformed");
            skipString(r, chunk);
          }
          return;
        }
        skipString(r, h);
        return;
      case 4:
      case 5:
        if (depth >= 2) throw TokenError("malformed");
        if (h.value < 0) {
          while (!r.atBreak()) {
            skipItem(r, depth + 1);
            if (h.major === 5) skipItem(r, depth + 1);
          }
          return;
        }
        var n = h.major === 5 ? h.value * 2 : h.value;
        for (var i = 0; i < n; i++) skipItem(r, depth + 1);
        return;
      case 6:
        // A bignum (tag 2 or 3 on a byte string of at most 16 bytes) is a
        // number; any other tag nests like an array.
        if ((h.value === 2 || h.value === 3) && r.pos < b.length && b[r.pos] >= 0x40 && b[r.pos] <= 0x50) {
          skipItem(r, depth);
          return;
        }
        if (depth >= 2) throw TokenError("malformed");
        skipItem(r, depth + 1);
        return;
      default:
        // false, true, null, undefined and floats; other simple values are
        // refused.
        if (h.info < 20 || h.info === 24) throw TokenError("malformed");
        return;
    }
  }

  // SPEC §2 and §5 steps 1, 2 and 5 (split_token, then claims()), in the
  // same order; the signature is checked separately by verify().
  function parse(input) {
    var bytes = toBytes(input);
    if (bytes.length > MAX_TOKEN_BYTES) throw TokenError("too_long");
    if (bytes.length === 0) throw TokenError("empty");
    // Peek at the version as wire.rs does: a short-form or indefinite array
    // head followed by a small unsigned integer.
    if (bytes.length >= 2 && ((bytes[0] >= 0x80 && bytes[0] <= 0x97) || bytes[0] === 0x9f) && bytes[1] < 24) {
      if (bytes[1] !== TOKEN_VERSION) throw unsupported(bytes[1]);
    }
    // Where the payload ends; exactly one signature must follow.
    var s = new Reader(bytes);
    s.lenient = true;
    skipItem(s, 0);
    var end = s.pos;
    if (bytes.length - end < SIGNATURE_LEN) throw TokenError("truncated");
    if (bytes.length - end > SIGNATURE_LEN) throw TokenError("trailing");
    var payload = bytes.slice(0, end);
    // The fields, strictly.
    var r = new Reader(payload);
    r.lenient = true;
    var h = r.head();
    if (h.major !== 4 || h.value === 0) throw TokenError("malformed");
    var count = h.value;
    if (count < 0) {
      // Indefinite array: count its elements, then read them as usual.
      r.nonCanonical = true;
      var c = new Reader(payload);
      c.lenient = true;
      c.pos = r.pos;
      for (count = 0; !c.atBreak(); count++) skipItem(c, 1);
      if (count === 0) throw TokenError("malformed");
    }
    var v = r.head();
    if (v.major !== 0) throw TokenError("malformed");
    if (v.value !== TOKEN_VERSION) throw unsupported(v.value);
    if (count < 2) throw TokenError("malformed");
    var keyId = r.bytes(KEY_ID_LEN);
    if (count !== 7) throw TokenError("malformed");
    var tokenId = r.bytes(TOKEN_ID_LEN);
    var cardType = r.uint(65535);
    var validFrom = r.uint(LAST_DAY);
    var validUntil = r.uint(LAST_DAY);
    var issuedOn = r.uint(LAST_DAY);
    var canonical = encodePayload(keyId, tokenId, cardType, validFrom, validUntil, issuedOn);
    if (r.nonCanonical || r.pos !== payload.length || hex(canonical) !== hex(payload)) {
      throw TokenError("non_canonical");
    }
    return {
      payload: payload,
      signature: bytes.slice(end),
      keyId: keyId,
      keyIdHex: hex(keyId),
      tokenId: tokenId,
      tokenIdHex: hex(tokenId),
      cardType: cardType,
      validFrom: validFrom,
      validUntil: validUntil,
      issuedOn: issuedOn
    };
  }

  function unsupported(version) {
    var e = TokenError("unsupported_version");
    e.version = version;
    return e;
  }

  // ---------------------------------------------------------------- signature

  // y (low 255 bits, little-endian, as hex of the 32 bytes with the sign bit
  // cleared) of every point of small order, including the non-canonical
  // aliases y + p of y = 0 and y = 1. Rejecting them (for the key and for R)
  // matches ed25519-dalek's verify_strict (SPEC §0 step 4), which WebCrypto
  // need not do.
  var SMALL_ORDER_Y = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
  ];

  function smallOrder(point) {
    var y = point.slice(0, 32);
    y[31] &= 0x7f;
    return SMALL_ORDER_Y.indexOf(hex(y)) >= 0;
  }

  // The group order ℓ, little-endian.
  var ORDER = fromHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

  function scalarBelowOrder(s) {
    for (var i = 31; i >= 0; i--) {
      if (s[i] !== ORDER[i]) return s[i] < ORDER[i];
    }
    return false;
  }

  // Ed25519 over TOKEN_CONTEXT ‖ payload. Resolves true or false, or null
  // when this browser cannot check (no crypto.subtle, e.g. an insecure
  // context, or no Ed25519 in WebCrypto).
  function verify(parsed, publicKey) {
    var subtle = globalThis.crypto && globalThis.crypto.subtle;
    if (!subtle) return Promise.resolve(null);
    var key, sig, payload;
    try {
      key = toBytes(publicKey);
      sig = toBytes(parsed.signature);
      payload = toBytes(parsed.payload);
    } catch (e) {
      return Promise.resolve(false);
    }
    var message = new Uint8Array(TOKEN_CONTEXT.length + payload.length);
    message.set(TOKEN_CONTEXT, 0);
    message.set(payload, TOKEN_CONTEXT.length);
    var strictOk =
      key.length === 32 && sig.length === SIGNATURE_LEN && !smallOrder(key) && !smallOrder(sig.subarray(0, 32)) &&
      scalarBelowOrder(sig.subarray(32, 64));
    return Promise.resolve()
      .then(function () {
        // Import even when the strict checks already failed, so that a
        // browser without Ed25519 says null rather than false.
        return subtle.importKey("raw", key.length === 32 ? key : new Uint8Array(32), { name: "Ed25519" }, false, [
          "verify"
        ]);
      })
      .then(
        function (k) {
          if (!strictOk) return false;
          return subtle.verify({ name: "Ed25519" }, k, sig, message).then(
            function (ok) {
              return ok === true;
            },
            function () {
              return false;
            }
          );
        },
        function (e) {
          var name = e && e.name;
          if (name === "NotSupportedError" || name === "TypeError" || name === "SyntaxError") return null;
          return false;
        }
      );
  }

  // ---------------------------------------------------------------- §4 card number

  var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  // "XXX-XXX-XXX": the first 40 bits of the token id in Crockford base32,
  // then a Luhn mod 32 check symbol (CardNumber::of and its Display).
  function cardNumber(tokenId) {
    var b = toBytes(tokenId);
    if (b.length < 5) throw new TypeError("token id too short");
    // 40 bits as two exact halves: the high 20 and the low 20.
    var hi = (b[0] << 12) | (b[1] << 4) | (b[2] >> 4);
    var lo = ((b[2] & 15) << 16) | (b[3] << 8) | b[4];
    var v = [];
    for (var i = 0; i < 4; i++) v.push((hi >> (15 - 5 * i)) & 31);
    for (var j = 0; j < 4; j++) v.push((lo >> (15 - 5 * j)) & 31);
    var factor = 2;
    var sum = 0;
    for (var k = 7; k >= 0; k--) {
      var a = factor * v[k];
      factor = factor === 2 ? 1 : 2;
      sum += Math.floor(a / 32) + (a % 32);
    }
    v.push((32 - (sum % 32)) % 32);
    var s = "";
    for (var x = 0; x < 9; x++) {
      if (x === 3 || x === 6) s += "-";
      s += CROCKFORD[v[x]];
    }
    return s;
  }

  // ---------------------------------------------------------------- days

  // Day number (days since 1970-01-01) to [year, month, day], proleptic
  // Gregorian, as day.rs.
  function dayToYmd(day) {
    var z = Math.floor(day) + 719468;
    var era = Math.floor(z / 146097);
    var doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var m = mp < 10 ? mp + 3 : mp - 9;
    var y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return [y, m, d];
  }

  // The Oslo calendar day of an instant, clamped to 0 ..= LAST_DAY.
  function todayOslo(date) {
    var when = date === undefined ? new Date() : date;
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Oslo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit"
    }).formatToParts(when);
    var f = {};
    for (var i = 0; i < parts.length; i++) f[parts[i].type] = parseInt(parts[i].value, 10);
    var day = Math.floor(Date.UTC(f.year, f.month - 1, f.day) / 86400000);
    return Math.min(LAST_DAY, Math.max(0, day));
  }

  globalThis.AkToken = Object.freeze({
    TokenError: TokenError,
    bytesFromText: bytesFromText,
    parse: parse,
    verify: verify,
    cardNumber: cardNumber,
    dayToYmd: dayToYmd,
    todayOslo: todayOslo,
    hex: hex,
    fromHex: fromHex
  });
})();
