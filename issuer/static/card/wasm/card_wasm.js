let wasm_bindgen = (function(exports) {
    let script_src;
    if (typeof document !== 'undefined' && document.currentScript !== null) {
        script_src = new URL(document.currentScript.src, location.href).toString();
    }

    /**
     * The first second of day number `day` in Oslo (Unix seconds): a visit's
     * time rounded to its day once it can no longer be undone.
     * @param {number} day
     * @returns {number}
     */
    function day_start(day) {
        const ret = wasm.day_start(day);
        return ret;
    }
    exports.day_start = day_start;

    /**
     * A day number as `[year, month, day]`.
     * @param {number} day
     * @returns {Int32Array}
     */
    function day_ymd(day) {
        const ret = wasm.day_ymd(day);
        var v1 = getArrayI32FromWasm0(ret[0], ret[1]).slice();
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
    exports.day_ymd = day_ymd;

    /**
     * The text of the first readable QR code in a camera frame of `width` ×
     * `height` RGBA pixels (a canvas's `ImageData`), or an empty string: the
     * decoder the binary uses (quircs), on the frame's luma.
     * @param {Uint8Array | number[]} rgba
     * @param {number} width
     * @param {number} height
     * @returns {string}
     */
    function decode_frame(rgba, width, height) {
        let deferred4_0;
        let deferred4_1;
        try {
            const val2 = +width;
            const val3 = +height;
            const ptr0 = passArray8ToWasm0(rgba, wasm.__wbindgen_malloc);
            const len0 = WASM_VECTOR_LEN;
            const ret = wasm.decode_frame(ptr0, len0, val2, val3);
            deferred4_0 = ret[0];
            deferred4_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred4_0, deferred4_1, 1);
        }
    }
    exports.decode_frame = decode_frame;

    /**
     * Whether the card in `text` is blocked by the page's list `revoked`: the
     * latest bundle's whole revoked list, its CBOR array as the bundle holds
     * it (`/k/revoked`, SPEC §12.2), checked by the venue's rule. `None` (in
     * JavaScript `undefined`) when the text is no card or the list cannot be
     * read.
     * @param {string} text
     * @param {Uint8Array | number[]} revoked
     * @returns {boolean | undefined}
     */
    function is_blocked(text, revoked) {
        let ptr0, len0, ptr1, len1;
        try {
            ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len0 = WASM_VECTOR_LEN;
            ptr1 = passArray8ToWasm0(revoked, wasm.__wbindgen_malloc);
            len1 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.is_blocked(ptr0, len0, ptr1, len1);
        return ret === 0xFFFFFF ? undefined : ret !== 0;
    }
    exports.is_blocked = is_blocked;

    /**
     * The card's QR code as SVG, drawn by the printed card's encoder (level
     * Q, smallest version, SPEC §3.3); empty if the text cannot be a code.
     * @param {string} text
     * @returns {string}
     */
    function qr_svg(text) {
        let deferred2_0;
        let deferred2_1;
        try {
            const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len0 = WASM_VECTOR_LEN;
            const ret = wasm.qr_svg(ptr0, len0);
            deferred2_0 = ret[0];
            deferred2_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    exports.qr_svg = qr_svg;

    /**
     * Read and check card text for the phone card page (SPEC §12.2).
     *
     * Answers JSON: `{"damaged": true}` when the link is damaged (not a card,
     * or the signature of a known key does not match; store nothing), else
     * `{"check": "checked"|"unknown-key", "known_type": bool, "token_id",
     * "key_id" (hex), "card_type", "valid_from", "valid_until", "issued_on"
     * (day numbers), "card_number"}`.
     * @param {string} text
     * @param {string} trust_json
     * @returns {string}
     */
    function read_card(text, trust_json) {
        let deferred3_0;
        let deferred3_1;
        try {
            let ptr0, len0, ptr1, len1;
            try {
                ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(trust_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.read_card(ptr0, len0, ptr1, len1);
            deferred3_0 = ret[0];
            deferred3_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
        }
    }
    exports.read_card = read_card;

    /**
     * Second half of a redemption (SPEC §16.3), inside the page's transaction:
     * the quotas and budgets decide, from `visits_json` (this card's visits
     * here, not undone: `[{"benefit", "at"}]`) and `used_json` (for each
     * budget [`station_read`] named, this station's visits from its `from`:
     * `[{"benefit", "from", "count"}]`), with this station's `share`
     * (`"1/1"`). The verdict as [`station_read`]'s refusals, and for a granted
     * visit `"record": {"benefit", "card_type", "companion_free", "at",
     * "day"}`: the visit to write in the same transaction.
     * @param {Uint8Array | number[]} bundle
     * @param {string} pinned_hex
     * @param {string} venue
     * @param {string} text
     * @param {number} now_unix
     * @param {string} visits_json
     * @param {string} used_json
     * @param {string} share
     * @param {Uint32Array | number[]} stale_days
     * @param {string} lang
     * @returns {string}
     */
    function station_decide(bundle, pinned_hex, venue, text, now_unix, visits_json, used_json, share, stale_days, lang) {
        let deferred11_0;
        let deferred11_1;
        try {
            const val10 = +now_unix;
            let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4, ptr5, len5, ptr6, len6, ptr7, len7, ptr8, len8;
            try {
                ptr0 = passArray8ToWasm0(bundle, wasm.__wbindgen_malloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(pinned_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
                ptr2 = passStringToWasm0(venue, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len2 = WASM_VECTOR_LEN;
                ptr3 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len3 = WASM_VECTOR_LEN;
                ptr4 = passStringToWasm0(visits_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len4 = WASM_VECTOR_LEN;
                ptr5 = passStringToWasm0(used_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len5 = WASM_VECTOR_LEN;
                ptr6 = passStringToWasm0(share, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len6 = WASM_VECTOR_LEN;
                ptr7 = passArray32ToWasm0(stale_days, wasm.__wbindgen_malloc);
                len7 = WASM_VECTOR_LEN;
                ptr8 = passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len8 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr8) { wasm.__wbindgen_free(ptr8, len8 * 1, 1); }
                if (ptr7) { wasm.__wbindgen_free(ptr7, len7 * 4, 4); }
                if (ptr6) { wasm.__wbindgen_free(ptr6, len6 * 1, 1); }
                if (ptr5) { wasm.__wbindgen_free(ptr5, len5 * 1, 1); }
                if (ptr4) { wasm.__wbindgen_free(ptr4, len4 * 1, 1); }
                if (ptr3) { wasm.__wbindgen_free(ptr3, len3 * 1, 1); }
                if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_decide(ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, val10, ptr4, len4, ptr5, len5, ptr6, len6, ptr7, len7, ptr8, len8);
            deferred11_0 = ret[0];
            deferred11_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred11_0, deferred11_1, 1);
        }
    }
    exports.station_decide = station_decide;

    /**
     * Install rules for a fetched trust bundle (SPEC §6.4, §6.5): verify
     * `offered` under the pinned root at `now_unix`, check it names `venue`,
     * and compare with the `installed` one (empty: none). JSON `{"ok": true,
     * "install": bool, "version", "issued_at", "expires_at", "venue_name",
     * "scheme_name"}` or `{"ok": false, "code", "message"}` (message in
     * `lang`); a refused bundle is never installed and the installed one kept.
     * @param {Uint8Array | number[]} offered
     * @param {string} pinned_hex
     * @param {string} venue
     * @param {Uint8Array | number[]} installed
     * @param {number} now_unix
     * @param {string} lang
     * @returns {string}
     */
    function station_install(offered, pinned_hex, venue, installed, now_unix, lang) {
        let deferred7_0;
        let deferred7_1;
        try {
            const val6 = +now_unix;
            let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4;
            try {
                ptr0 = passArray8ToWasm0(offered, wasm.__wbindgen_malloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(pinned_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
                ptr2 = passStringToWasm0(venue, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len2 = WASM_VECTOR_LEN;
                ptr3 = passArray8ToWasm0(installed, wasm.__wbindgen_malloc);
                len3 = WASM_VECTOR_LEN;
                ptr4 = passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len4 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr4) { wasm.__wbindgen_free(ptr4, len4 * 1, 1); }
                if (ptr3) { wasm.__wbindgen_free(ptr3, len3 * 1, 1); }
                if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_install(ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, val6, ptr4, len4);
            deferred7_0 = ret[0];
            deferred7_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred7_0, deferred7_1, 1);
        }
    }
    exports.station_install = station_install;

    /**
     * First half of a redemption (SPEC §16.3): the station's checks and the
     * card. Either a final refusal (`{"final": true, "valid": false, "code",
     * "headline", "hint", "card", "warning"}`: nothing to record), or what the
     * page must count before [`station_decide`]: `{"final": false, "now"
     * (seconds, never before `seen_unix`), "card" (the card's pseudonym here,
     * hex: HMAC-SHA256 of the token id under the page's `secret_hex`),
     * "budgets": [{"benefit", "from"}]}` (each budget's period start, a day
     * number: count this station's visits of the benefit from that day on).
     * @param {Uint8Array | number[]} bundle
     * @param {string} pinned_hex
     * @param {string} venue
     * @param {string} secret_hex
     * @param {string} text
     * @param {number} now_unix
     * @param {number} seen_unix
     * @param {Uint32Array | number[]} stale_days
     * @param {string} lang
     * @returns {string}
     */
    function station_read(bundle, pinned_hex, venue, secret_hex, text, now_unix, seen_unix, stale_days, lang) {
        let deferred10_0;
        let deferred10_1;
        try {
            const val8 = +now_unix;
            const val9 = +seen_unix;
            let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4, ptr5, len5, ptr6, len6;
            try {
                ptr0 = passArray8ToWasm0(bundle, wasm.__wbindgen_malloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(pinned_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
                ptr2 = passStringToWasm0(venue, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len2 = WASM_VECTOR_LEN;
                ptr3 = passStringToWasm0(secret_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len3 = WASM_VECTOR_LEN;
                ptr4 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len4 = WASM_VECTOR_LEN;
                ptr5 = passArray32ToWasm0(stale_days, wasm.__wbindgen_malloc);
                len5 = WASM_VECTOR_LEN;
                ptr6 = passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len6 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr6) { wasm.__wbindgen_free(ptr6, len6 * 1, 1); }
                if (ptr5) { wasm.__wbindgen_free(ptr5, len5 * 4, 4); }
                if (ptr4) { wasm.__wbindgen_free(ptr4, len4 * 1, 1); }
                if (ptr3) { wasm.__wbindgen_free(ptr3, len3 * 1, 1); }
                if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_read(ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, ptr4, len4, val8, val9, ptr5, len5, ptr6, len6);
            deferred10_0 = ret[0];
            deferred10_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred10_0, deferred10_1, 1);
        }
    }
    exports.station_read = station_read;

    /**
     * The usage report of `month` (`YYYY-MM`) to sign (SPEC §13.1): `rows_json`
     * is this station's visits of the month, `[{"day", "benefit",
     * "card_type", "companion"}]` (companion: whether staff recorded one).
     * JSON `{"body": hex, "message": hex}`: the page signs `message` with its
     * station key and hands both to [`station_report_file`]; `{}` if the month
     * or rows are not usable.
     * @param {string} venue
     * @param {string} month
     * @param {string} rows_json
     * @param {number} generated_at
     * @returns {string}
     */
    function station_report(venue, month, rows_json, generated_at) {
        let deferred5_0;
        let deferred5_1;
        try {
            const val4 = +generated_at;
            let ptr0, len0, ptr1, len1, ptr2, len2;
            try {
                ptr0 = passStringToWasm0(venue, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(month, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
                ptr2 = passStringToWasm0(rows_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len2 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_report(ptr0, len0, ptr1, len1, ptr2, len2, val4);
            deferred5_0 = ret[0];
            deferred5_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred5_0, deferred5_1, 1);
        }
    }
    exports.station_report = station_report;

    /**
     * The report file (SPEC §13.2) from [`station_report`]'s body, the
     * station's raw Ed25519 public key and its signature; empty if a part has
     * the wrong size.
     * @param {Uint8Array | number[]} public_key
     * @param {string} body_hex
     * @param {Uint8Array | number[]} signature
     * @returns {Uint8Array}
     */
    function station_report_file(public_key, body_hex, signature) {
        let ptr0, len0, ptr1, len1, ptr2, len2;
        try {
            ptr0 = passArray8ToWasm0(public_key, wasm.__wbindgen_malloc);
            len0 = WASM_VECTOR_LEN;
            ptr1 = passStringToWasm0(body_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len1 = WASM_VECTOR_LEN;
            ptr2 = passArray8ToWasm0(signature, wasm.__wbindgen_malloc);
            len2 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
            if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.station_report_file(ptr0, len0, ptr1, len1, ptr2, len2);
        var v4 = getArrayU8FromWasm0(ret[0], ret[1]).slice();
        wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        return v4;
    }
    exports.station_report_file = station_report_file;

    /**
     * What the page may remove (SPEC §11.10, §16.2), as the binary's log:
     * JSON `[{"card_type", "benefit", "before"}]`, a day number: visits of
     * that card type and benefit on an earlier day are no longer counted by
     * any quota or report. Card types and benefits not listed are kept.
     * "Today" is the installed bundle's issue day, never the device's clock.
     * @param {Uint8Array | number[]} bundle
     * @param {string} pinned_hex
     * @returns {string}
     */
    function station_retention(bundle, pinned_hex) {
        let deferred3_0;
        let deferred3_1;
        try {
            let ptr0, len0, ptr1, len1;
            try {
                ptr0 = passArray8ToWasm0(bundle, wasm.__wbindgen_malloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(pinned_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_retention(ptr0, len0, ptr1, len1);
            deferred3_0 = ret[0];
            deferred3_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
        }
    }
    exports.station_retention = station_retention;

    /**
     * Read a venue set-up string (SPEC §10): JSON `{"bundle_url", "root",
     * "venue", "registration"}` (the registration code or null), or
     * `{"error": <message in lang>}`.
     * @param {string} text
     * @param {string} lang
     * @returns {string}
     */
    function station_setup(text, lang) {
        let deferred3_0;
        let deferred3_1;
        try {
            let ptr0, len0, ptr1, len1;
            try {
                ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_setup(ptr0, len0, ptr1, len1);
            deferred3_0 = ret[0];
            deferred3_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
        }
    }
    exports.station_setup = station_setup;

    /**
     * One message with arguments, for the page's status lines: `args_json` is
     * `{name: string or number}`.
     * @param {string} lang
     * @param {string} id
     * @param {string} args_json
     * @returns {string}
     */
    function station_text(lang, id, args_json) {
        let deferred4_0;
        let deferred4_1;
        try {
            let ptr0, len0, ptr1, len1, ptr2, len2;
            try {
                ptr0 = passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
                ptr2 = passStringToWasm0(args_json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len2 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.station_text(ptr0, len0, ptr1, len1, ptr2, len2);
            deferred4_0 = ret[0];
            deferred4_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred4_0, deferred4_1, 1);
        }
    }
    exports.station_text = station_text;

    /**
     * The page's own words in `lang` (nb, en): JSON `{id: text}` of every
     * message without arguments in `wasm/i18n/<lang>.ftl`.
     * @param {string} lang
     * @returns {string}
     */
    function station_texts(lang) {
        let deferred2_0;
        let deferred2_1;
        try {
            const ptr0 = passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len0 = WASM_VECTOR_LEN;
            const ret = wasm.station_texts(ptr0, len0);
            deferred2_0 = ret[0];
            deferred2_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    exports.station_texts = station_texts;

    /**
     * Today in Oslo (SPEC §1 day number) at `unix_ms` milliseconds since 1970.
     * @param {number} unix_ms
     * @returns {number}
     */
    function today_oslo(unix_ms) {
        const ret = wasm.today_oslo(unix_ms);
        return ret >>> 0;
    }
    exports.today_oslo = today_oslo;

    /**
     * The venue's verification (SPEC §6.4, §5, §7) of card `text` at
     * `now_unix` seconds with the bundle file `bundle` and the pinned root
     * fingerprint (hex): JSON `{"text", "bundle", "token", "venue":
     * "ok"|"skipped"|<error>, "benefits": [ids]}`, each stage's error in the
     * form the test vectors name it (`tests/vectors/`).
     * @param {Uint8Array | number[]} bundle
     * @param {string} pinned_hex
     * @param {string} text
     * @param {number} now_unix
     * @param {string} venue_id
     * @returns {string}
     */
    function verify_at_venue(bundle, pinned_hex, text, now_unix, venue_id) {
        let deferred6_0;
        let deferred6_1;
        try {
            const val5 = +now_unix;
            let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3;
            try {
                ptr0 = passArray8ToWasm0(bundle, wasm.__wbindgen_malloc);
                len0 = WASM_VECTOR_LEN;
                ptr1 = passStringToWasm0(pinned_hex, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len1 = WASM_VECTOR_LEN;
                ptr2 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len2 = WASM_VECTOR_LEN;
                ptr3 = passStringToWasm0(venue_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
                len3 = WASM_VECTOR_LEN;
            } catch (e) {
                if (ptr3) { wasm.__wbindgen_free(ptr3, len3 * 1, 1); }
                if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
                if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
                if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
                throw e;
            }
            const ret = wasm.verify_at_venue(ptr0, len0, ptr1, len1, ptr2, len2, val5, ptr3, len3);
            deferred6_0 = ret[0];
            deferred6_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred6_0, deferred6_1, 1);
        }
    }
    exports.verify_at_venue = verify_at_venue;
    function __wbg_get_imports() {
        const import0 = {
            __proto__: null,
            __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
                throw new Error(getStringFromWasm0(arg0, arg1));
            },
            __wbindgen_init_externref_table: function() {
                const table = wasm.__wbindgen_externrefs;
                table.set(0, undefined);
                table.set(1024, undefined);
                table.set(1025, null);
                table.set(1026, true);
                table.set(1027, false);
            },
        };
        return {
            __proto__: null,
            "./card_wasm_bg.js": import0,
        };
    }

    function getArrayI32FromWasm0(ptr, len) {
        ptr = ptr >>> 0;
        return getInt32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
    }

    function getArrayU8FromWasm0(ptr, len) {
        ptr = ptr >>> 0;
        return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
    }

    let cachedInt32ArrayMemory0 = null;
    function getInt32ArrayMemory0() {
        if (cachedInt32ArrayMemory0 === null || cachedInt32ArrayMemory0.byteLength === 0) {
            cachedInt32ArrayMemory0 = new Int32Array(wasm.memory.buffer);
        }
        return cachedInt32ArrayMemory0;
    }

    function getStringFromWasm0(ptr, len) {
        ptr = ptr >>> 0;
        return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
    }

    let cachedUint32ArrayMemory0 = null;
    function getUint32ArrayMemory0() {
        if (cachedUint32ArrayMemory0 === null || cachedUint32ArrayMemory0.byteLength === 0) {
            cachedUint32ArrayMemory0 = new Uint32Array(wasm.memory.buffer);
        }
        return cachedUint32ArrayMemory0;
    }

    let cachedUint8ArrayMemory0 = null;
    function getUint8ArrayMemory0() {
        if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
            cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
        }
        return cachedUint8ArrayMemory0;
    }

    function passArray32ToWasm0(arg, malloc) {
        const ptr = malloc(arg.length * 4, 4) >>> 0;
        getUint32ArrayMemory0().set(arg, ptr / 4);
        WASM_VECTOR_LEN = arg.length;
        return ptr;
    }

    function passArray8ToWasm0(arg, malloc) {
        const ptr = malloc(arg.length * 1, 1) >>> 0;
        getUint8ArrayMemory0().set(arg, ptr / 1);
        WASM_VECTOR_LEN = arg.length;
        return ptr;
    }

    function passStringToWasm0(arg, malloc, realloc) {
        if (realloc === undefined) {
            const buf = cachedTextEncoder.encode(arg);
            const ptr = malloc(buf.length, 1) >>> 0;
            getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
            WASM_VECTOR_LEN = buf.length;
            return ptr;
        }

        let len = arg.length;
        let ptr = malloc(len, 1) >>> 0;

        const mem = getUint8ArrayMemory0();

        let offset = 0;

        for (; offset < len; offset++) {
            const code = arg.charCodeAt(offset);
            if (code > 0x7F) break;
            mem[ptr + offset] = code;
        }
        if (offset !== len) {
            if (offset !== 0) {
                arg = arg.slice(offset);
            }
            ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
            const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
            const ret = cachedTextEncoder.encodeInto(arg, view);

            offset += ret.written;
            ptr = realloc(ptr, len, offset, 1) >>> 0;
        }

        WASM_VECTOR_LEN = offset;
        return ptr;
    }

    let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
    cachedTextDecoder.decode();
    function decodeText(bytes) {
        return cachedTextDecoder.decode(bytes);
    }

    const cachedTextEncoder = new TextEncoder();

    if (!('encodeInto' in cachedTextEncoder)) {
        cachedTextEncoder.encodeInto = function (arg, view) {
            const buf = cachedTextEncoder.encode(arg);
            view.set(buf);
            return {
                read: arg.length,
                written: buf.length
            };
        };
    }

    let WASM_VECTOR_LEN = 0;

    let wasmModule, wasmInstance, wasm;
    function __wbg_finalize_init(instance, module) {
        wasmInstance = instance;
        wasm = instance.exports;
        wasmModule = module;
        cachedInt32ArrayMemory0 = null;
        cachedUint32ArrayMemory0 = null;
        cachedUint8ArrayMemory0 = null;
        wasm.__wbindgen_start();
        return wasm;
    }

    async function __wbg_load(module, imports) {
        if (typeof Response === 'function' && module instanceof Response) {
            if (!module.ok) {
                throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
            }

            if (typeof WebAssembly.instantiateStreaming === 'function') {
                try {
                    return await WebAssembly.instantiateStreaming(module, imports);
                } catch (e) {
                    const validResponse = expectedResponseType(module.type);

                    if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
                        console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

                    } else { throw e; }
                }
            }

            const bytes = await module.arrayBuffer();
            return await WebAssembly.instantiate(bytes, imports);
        } else {
            const instance = await WebAssembly.instantiate(module, imports);

            if (instance instanceof WebAssembly.Instance) {
                return { instance, module };
            } else {
                return instance;
            }
        }

        function expectedResponseType(type) {
            switch (type) {
                case 'basic': case 'cors': case 'default': return true;
            }
            return false;
        }
    }

    function initSync(module) {
        if (wasm !== undefined) return wasm;


        if (module !== undefined) {
            if (Object.getPrototypeOf(module) === Object.prototype) {
                ({module} = module)
            } else {
                console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
            }
        }

        const imports = __wbg_get_imports();
        if (!(module instanceof WebAssembly.Module)) {
            module = new WebAssembly.Module(module);
        }
        const instance = new WebAssembly.Instance(module, imports);
        return __wbg_finalize_init(instance, module);
    }

    let __wbg_init_promise;
    async function __wbg_init(module_or_path) {
        if (wasm !== undefined) return wasm;
        if (__wbg_init_promise === undefined) {
            __wbg_init_promise = __wbg_init_once(module_or_path);
            __wbg_init_promise.catch(() => { __wbg_init_promise = undefined; });
        }
        return __wbg_init_promise;
    }

    async function __wbg_init_once(module_or_path) {

        if (module_or_path !== undefined) {
            if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
                ({module_or_path} = module_or_path)
            } else {
                console.warn('using deprecated parameters for the initialization function; pass a single object instead')
            }
        }

        if (module_or_path === undefined && script_src !== undefined) {
            module_or_path = script_src.replace(/\.js$/, "_bg.wasm");
        }
        const imports = __wbg_get_imports();

        if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
            module_or_path = fetch(module_or_path);
        }

        const { instance, module } = await __wbg_load(await module_or_path, imports);

        return __wbg_finalize_init(instance, module);
    }

    return Object.assign(__wbg_init, { initSync }, exports);
})({ __proto__: null });
