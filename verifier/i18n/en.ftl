# Verifier messages, English.
verdict-valid = VALID · { $benefit }{ $companion ->
    [yes] {" · 1 child + 1 companion"}
   *[no] {""}
}
verdict-expired = EXPIRED { $date }
verdict-not-yet-valid = NOT VALID YET · from { $date }
verdict-revoked = BLOCKED
verdict-not-valid-here = NOT VALID HERE
verdict-invalid = INVALID CARD
verdict-unknown = UNKNOWN CARD · update the verifier
hint-bad-encoding = Turn up the phone's brightness, hold the code still, or use the printed card. If it still fails, the card may be damaged: ask the family to contact whoever gave them the card.
hint-unsupported-version = The card is of a newer kind. Update the verifier software.
hint-unknown-key = The card is signed with a key this station does not know yet. Run "verifier update".
hint-bad-signature = The card is not genuine, or it is damaged.
hint-key-not-valid = The card is signed with a key that was not valid when the card was made.
hint-unknown-card-type = The card type is not known here. Run "verifier update".
hint-validity-too-long = The card's validity is longer than its card type allows.
hint-revoked = The card has been reported lost or blocked. Ask the family to contact whoever gave them the card.
hint-expired = The card was valid until { $date } inclusive.
hint-not-yet-valid = The card is valid from { $date }.
hint-not-valid-here = This card gives nothing at this venue.
card-line = Card { $number } · { $cardtype } · valid { $from }–{ $until }
# Set-up and updates (init, update).
init-done = Set up for { $venue } ({ $id }) with trust bundle version { $version }.
init-url = Updates are fetched from { $url } (run "verifier update" when online).
fetching = Fetching the trust bundle from { $url } …
update-installed = Installed trust bundle version { $to } (was { $from }).
update-current = Already up to date: trust bundle version { $version }, issued { $issued } ({ $age } ago).
update-kept = The trust bundle in use is still version { $version }, issued { $issued } ({ $age } ago); cards are checked against it.
age-minutes = { $n } min
age-hours = { $n } h
age-days = { $n } d
fetch-bad-url = «{ $url }» is not a bundle URL (it must start with https:// or http://). Copy it from the venue's set-up code.
fetch-no-network = Cannot reach { $url }: this computer seems to have no network connection. Connect to the internet and run "verifier update" again.
fetch-host-not-found = Cannot reach { $url }: the server name «{ $host }» could not be looked up. Check the network connection, and that the URL is the one in the venue's set-up code.
fetch-refused = Cannot reach { $url }: the connection was refused (the issuer's server is not running there). Check the URL from the set-up code, or ask the administrator whether the server is down.
fetch-timeout = Cannot reach { $url }: no answer within { $secs } seconds. Check the network connection and try again later, or ask the administrator.
fetch-tls = Cannot reach { $url } securely: { $reason }. Check this computer's date and time (certificates depend on it), and that the URL is the one in the set-up code, or ask the administrator.
fetch-status-missing = { $url } answered HTTP { $status }: there is no trust bundle at this address. Check the URL from the set-up code, or ask the administrator.
fetch-status-forbidden = { $url } answered HTTP { $status }: the server does not allow fetching the bundle. Ask the administrator.
fetch-status-server = { $url } answered HTTP { $status }: the issuer's server has a problem. Try again later, and tell the administrator if it persists.
fetch-status-other = { $url } answered HTTP { $status }: not a trust bundle. Check the URL from the set-up code, or ask the administrator.
fetch-too-large = { $url } sent more than { $max } bytes, more than any trust bundle may be; refused without reading it. Ask the administrator.
fetch-redirects = { $url } redirects too many times, or from https to plain http. Check the URL from the set-up code.
fetch-broken = Fetching { $url } failed: { $reason }. Try again, and if it keeps failing ask the administrator.
no-bundle-url = No bundle URL is known for this venue (it was set up from a file). Run "verifier update --url URL" with the URL from the set-up code, or "verifier update --bundle FILE".

## Redeeming (verifier redeem, undo, report)
verdict-used-next = USED · next from { $weekday ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
} { $day } { $monthname ->
    [jan] Jan
    [feb] Feb
    [mar] Mar
    [apr] Apr
    [may] May
    [jun] Jun
    [jul] Jul
    [aug] Aug
    [sep] Sep
    [oct] Oct
    [nov] Nov
   *[dec] Dec
}{ $sameyear ->
    [yes] {""}
   *[no] {" "}{ $year }
}
verdict-used = USED
hint-quota-exhausted = { $benefit }: { $limit } is used up.{ $next ->
    [yes] {""}
   *[no] {" The card cannot be used for this here again."}
}
quota-limit = { $count } { $per ->
    [day] a day
    [week] a week
    [month] a month
    [year] a year
   *[validity] for the whole validity
}
verdict-clock-behind = STOP · this computer's clock is wrong
hint-clock-behind = This computer's clock says { $now }, but { $seen } has already been seen here ({ $minutes } minutes later). Set the date, time and time zone right (automatic time is best), then scan again. Nothing was recorded.
verdict-bundle-too-old = STOP · the trust bundle is too old
hint-bundle-too-old = The trust bundle is { $age } days old; the limit here is { $limit } days. Connect this computer to the internet and run "verifier update". Nothing was recorded.
warning-stale = Warning: the trust bundle is { $age } days old. Run "verifier update" soon; in { $left } days no cards will be accepted.
undo-done = UNDONE · { $benefit } recorded { $time }
report-row = { $day }  { $cardtype } · { $benefit }: { $count } { $count ->
    [one] visit
   *[other] visits
}{ $companions ->
    [0] {""}
    [one] {" + 1 companion"}
   *[other] {" + "}{ $companions } companions
}
report-empty = No visits recorded in this period.

## Terminal mode (verifier scan)
scan-title = Activity card · { $venue }
scan-ready = Ready – scan a card (Ctrl-C quits)
scan-bye = Scanning stopped. Goodbye!
scan-error = ERROR · nothing recorded
scan-at = at { $time }

## Web page (verifier serve)
serve-title = Activity card
serve-label = Scan or type the card
serve-submit = Check in
serve-photo = Take a photo of the card
serve-photo-submit = Send the photo
serve-camera = Start camera
serve-camera-stop = Stop camera
serve-camera-unavailable = The live camera needs https or localhost; use “Take a photo of the card”.
serve-undo = Undo the last visit
serve-ready = Ready – scan a card
serve-no-qr = No QR code found in the image. Hold the card straight in front of the camera and try again.
serve-bad-image = The image could not be read (use PNG or JPEG).
serve-undo-nothing = There is no visit to undo.
serve-undo-too-late = The last visit is more than { $minutes } minutes old and can no longer be undone.
serve-busy = Checking …

## Venue key and usage reports (verifier key, register, report, update)
post-refused = { $url } refused it: { $message } ({ $code }, HTTP { $status }).
post-status = { $url } answered HTTP { $status }. Try again later, and tell the administrator if it persists.
key-venue = Venue: { $id }
key-public = Public key: { $hex }
key-fingerprint = Fingerprint: { $fingerprint }
key-fingerprint-full = Full fingerprint: { $fingerprint }
key-register-later = Usage reports are signed with this key once the administrator has approved it: run "verifier register" when the computer is online, or give the administrator the public key from "verifier key".
key-made = Made this venue's key for signing usage reports (venue.key; it never leaves this computer).
register-pending = Ask the administrator to approve this venue's key: fingerprint { $fingerprint } at { $url }
register-approved = This venue's key is approved (fingerprint { $fingerprint }).
register-setup-without-code = This set-up code has no registration code (it is from before such codes existed); ask the administrator for a new one.
register-refused = The issuer refused this venue's key: { $message }
register-failed = This venue's key could not be registered now: { $reason } The venue is set up; run "verifier register" when the computer is online.
register-refused-at-init = { $reason } The venue is set up and checks cards; only its usage reports wait for the key.
report-sent = Usage report { $month }: sent, { $rows } { $rows ->
    [one] row
   *[other] rows
}.
report-older = Usage report { $month }: the issuer already has a newer one; nothing changed.
report-not-approved = Usage report { $month }: not sent, the key is not approved yet: fingerprint { $fingerprint } (ask the administrator to approve it at { $url }).
report-refused = Usage report { $month }: refused: { $message }
report-failed = Usage report { $month }: not sent: { $reason } It is sent again by the next "verifier update".
report-skipped = Usage report { $month }: no visits, nothing to send.
reports-not-sent = Usage reports were not sent: the issuer was not reached. The next "verifier update" sends them, or write a file with "verifier report --month YYYY-MM --out FILE".
report-written = Wrote the signed usage report for { $month } ({ $rows } { $rows ->
    [one] row
   *[other] rows
}) to { $path }. An administrator uploads it at { $url }.

## Errors (every command; the same text as the errors' English Display)
error-line = error: { $message }
warning-line = warning: { $message }
error-io = { $path }: { $reason }
error-already-initialised = { $dir } is already set up for a venue; use `verifier update` to install a newer bundle
error-not-initialised = { $dir } is not set up yet; run `verifier init --data { $dir } --setup CODE` with the venue's set-up code from the issuer
error-bad-config = venue configuration is damaged: { $path }: { $reason }
error-no-setup = give --setup, or --root-fingerprint and --venue
error-no-bundle-source = give --setup CODE, --bundle-url URL or --bundle FILE
error-json = could not write JSON: { $reason }
error-bad-fingerprint = «{ $text }» is not a root fingerprint (64 hex digits, as printed by `issuer root-fingerprint`)
error-unknown-venue = venue «{ $venue }» is not in this bundle; known venues: { $known }
error-venue-removed = the new bundle no longer lists venue «{ $venue }»; kept the current bundle (ask the administrator)
error-image = { $path }: { $reason }
error-bad-setup = { $reason } (copy it again from the issuer's "Set-up for venues" page)
error-bad-staleness = staleness limits { $warn }/{ $refuse } days are not allowed: the warning age must be at least 1 day and at most the refusal age, and the refusal age at most { $max } days
error-log = redemption log { $path }: { $reason }; nothing was recorded (check the disk and the folder's permissions, then try again)
log-sqlite = { $reason }
log-not-wal = journal mode is { $mode }, not WAL
log-newer = it is from a newer version of the verifier (schema { $applied } > { $known }); nothing was changed: use the newer verifier, or put back the copy taken before the upgrade (backups/pre-upgrade-{ $known }-to-{ $applied }.sqlite; README, "Upgrades")
error-clock-behind = this computer's clock says { $now }, but { $seen } has already been seen here (the clock is { $minutes } minutes behind); set the computer's date, time and time zone right (automatic time is best), then scan again; nothing was recorded
error-bundle-too-old = the trust bundle is { $age } days old and this venue accepts cards only with a bundle younger than { $limit } days; connect to the internet and run `verifier update` (or install a new bundle file from the administrator); the limit is set with `verifier settings --stale-refuse-days N`
error-nothing-to-undo = there is no recorded visit to undo
error-undo-too-late = the last recorded visit ({ $benefit }, { $at }) is more than { $minutes } minutes old and can no longer be undone; it stays counted
error-bad-report-range = --from { $from } is after --until { $until }; give the first day, then the last
error-bad-month = «{ $text }» is not a month; give it as YYYY-MM, e.g. 2026-11
error-venue-key-missing = { $dir } has no venue key (venue.key) for usage reports; run `verifier register --data { $dir }` to make one and register it with the issuer
error-bad-venue-key = the venue key { $path } cannot be used: { $reason }; fix its permissions (chmod 600), or move it away and run `verifier register` to make a new key, which the administrator must approve again
error-unit = cannot write the service unit: { $reason }
error-setup-for-other = this set-up code is for the venue «{ $venue }» or another issuer; this computer is set up for «{ $here }»
unit-not-absolute = { $path } must be an absolute path in UTF-8
unit-control-character = { $value } contains a control character
unit-temporary = { $path } is a temporary directory; move the data directory, e.g. to /var/lib/aktivitetskort
unit-bad-user = { $user } is not a valid user name (lower-case letters, digits, '-' and '_', at most 32)
service-unit-next = Save this as /etc/systemd/system/{ $unit }, then run `systemctl daemon-reload` and `systemctl enable --now { $unit }`. The data directory must belong to the user { $user } (see the README, "Run the station as a service").
bundle-too-large = the bundle file is too large ({ $len } bytes > { $max })
bundle-encoding = the file is not a trust bundle, or it is damaged: { $reason }
bundle-unsupported-format = trust bundle format { $format } is not known to this verifier (update the software)
bundle-untrusted-root = the bundle is not signed by the root key this venue trusts (check the root fingerprint)
bundle-bad-root-rotation = the bundle's root key rotation chain is not valid
bundle-bad-signature = the bundle's signature is not valid (tampered or damaged)
bundle-invalid-content = the bundle content is not valid: { $reason }
bundle-from-the-future = the bundle claims to be issued in the future; check this computer's clock
bundle-rollback = the bundle is older (version { $offered }) than the one in use (version { $current }); kept the current one
setup-not-setup = this is not a venue set-up string (it starts with { $prefix }…)
setup-bad-field = the set-up string's «{ $field }» is missing or not valid
keyfile-exists = { $path } already exists; refusing to overwrite a key
keyfile-insecure = { $path } has permissions { $mode }; a private key must be readable by its owner only (chmod 600 { $path })
keyfile-bad-file = { $path } is not a key file of this system
keyfile-bad-ring = key ring { $path }: { $reason }
keyfile-no-signing-key = no signing key is valid on { $day }; rotate the signing key
keyfile-random = the operating system's random number generator failed: { $reason }
image-not-an-image = not a readable PNG or JPEG image
image-broken = the image could not be read ({ $reason })
image-truncated = the image could not be read (truncated)
image-too-large = the image is too large ({ $width }×{ $height })
image-file-too-large = the file is too large
image-no-qr = no readable QR code found in the image

## Settings (verifier settings)
settings-limits = Trust bundle age: warn from { $warn } days, refuse cards from { $refuse } days (change with --stale-warn-days N --stale-refuse-days N).
settings-fresh = The installed bundle (version { $version }) is fresh.
settings-old = The installed bundle (version { $version }) is { $age } days old: run `verifier update`.

## Clock reset (verifier clock-reset)
clock-reset-not-behind = This computer's clock ({ $now }) is not behind the latest time seen here; nothing changed.
clock-reset-unconfirmed = The latest time seen here is { $mark }, but this computer's clock says { $now }. If the clock is right now (it ran ahead before), run this again with --confirm to set the latest time seen back to now. Visits already recorded stay counted. Nothing changed.
clock-reset-done = The latest time seen was set back from { $from } to { $to }, and the reset was recorded in the redemption log. Visits already recorded stay counted.

## Paired devices and accountable undo (verifier pair, devices, serve)
pair-made = Pairing code: { $code } (valid until { $time }, once).
pair-how = On the tablet, open this station's page and type the code. `verifier devices` lists paired devices; `verifier devices revoke N` revokes one.
pair-title = Pair this device
pair-intro = This device is not paired with the station yet. On the station, run `verifier pair` and type the code it prints here. A code is valid for 10 minutes and once.
pair-code = Pairing code
pair-label = Name of this device (optional)
pair-submit = Pair
pair-malformed = A pairing code is 8 digits, like 1234-5678.
pair-no-code = No pairing code is open. Run `verifier pair` on the station and type the code it prints.
pair-wrong = Wrong pairing code; { $left ->
    [0] the code is void now. Make a new one with `verifier pair`.
    [one] 1 more try before the code is void.
   *[other] { $left } more tries before the code is void.
}
pair-expired = This pairing code has expired. Make a new one with `verifier pair`.
pair-void = This pairing code was used already or is void after wrong tries. Make a new one with `verifier pair`.
serve-not-paired = THIS DEVICE IS NOT PAIRED
serve-not-paired-hint = Nothing was recorded. Run `verifier pair` on the station and type the code on this page (reload it).
serve-pair-code = Pairing code for a tablet: { $code } (valid until { $time }; `verifier pair` makes another).
undo-confirm = UNDO? · { $benefit } recorded { $time }
undo-confirm-yes = Yes, undo this visit
undo-card = Card { $card } · recorded { $time }
devices-none = No device is paired. `verifier pair` makes a pairing code.
devices-row = { $id }  { $label }  paired { $paired } · { $status }
devices-active = active
devices-revoked = revoked { $time }
devices-no-label = (no name)
device-revoked = Device { $id } is revoked: the station refuses it from its next request.
device-already-revoked = Device { $id } was revoked already.
error-undo-changed = another visit was recorded after the one shown for confirmation; nothing was undone (press undo again)
error-unknown-device = there is no paired device number { $id }; `verifier devices` lists them
pair-too-many = Too many pairing tries at this station; wait a minute, then try again.

## The station keeps itself current (background updates of serve, scan, redeem -)
update-seconds = { $n } s
update-start = Automatic updates: every { $every } from { $url } (change with --update-every, e.g. 30m, or off).
update-auto-on = Updates itself every { $every }.
update-auto-off = Automatic updates are off (--update-every off): run "verifier update" regularly.
update-auto-no-url = Automatic updates are off: this venue was set up from a file and knows no bundle URL. Run "verifier update --url URL" with the URL from the set-up code.
update-last-ok = Last update from the issuer: { $when } (trust bundle version { $version }).
update-failed = The last attempt ({ $when }) failed: { $reason }
update-fix = Cards are still checked, with trust bundle version { $version }. Check that this machine is online; it tries again by itself.
update-stale = Warning: the trust bundle is { $age } days old. Cards are still checked, but in { $left } days none will be accepted. Check that this machine is online; it updates by itself.
update-too-old = The trust bundle is { $age } days old: cards are refused until it is updated. Check that this machine is online; it updates by itself.
update-reports-sent = Usage reports last sent { $when }.
update-reports-failed = Usage reports: { $reason }
error-bad-update-interval = «{ $text }» is not an update interval; give a whole number of seconds, minutes or hours from 1s to 24h, such as 30s, 15m or 1h, or off for no background updates

## Per-venue pseudonyms (issue 14)
error-bad-station-secret = the station secret { $path } cannot be used: { $reason }; fix its permissions (chmod 600); only if it is lost, move it away (a new one is made, and every card's quotas here start afresh)
undo-card-type = { $type } · recorded { $time }

## Ticket budgets per venue and companions (issue 15)
error-companion-too-late = a companion can only be recorded for the last visit, within { $minutes } minutes of the scan; nothing was changed
error-bad-budget-share = «{ $text }» is not a budget share; give this station's number and how many stations the venue has, such as 1/2 (at most 100 stations)
verdict-budget-exhausted = ALL TICKETS ARE USED · { $divided ->
    [yes] this station's { $portion } of the venue's { $count }
   *[no] the venue's { $count }
} for { $period }
hint-budget-exhausted = { $benefit }: the venue has given all its tickets for this period. The card itself has room; the municipality can buy more tickets.
warning-budget = Note: { $used } of { $portion } tickets for { $period } are used, { $left } left.
budget-period = { $per ->
    [year] { $year }
    [month] { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
    [week] the week from { $from }
   *[day] { $from }
}
companion-ask = Did an adult come along? Press + to record the companion.
companion-came = COMPANION RECORDED · { $benefit }
companion-none = CHILD ONLY · { $benefit }
serve-companion-yes = With companion
serve-companion-no = Child only
settings-budget-share = Budget share: station { $station } of { $of } (the venue's ticket budgets are divided between { $of } stations).
error-ca-file-unreadable = cannot read the certificate authority file (--ca-file, VERIFIER_CA_FILE): { $reason }
error-ca-file-empty = { $path } holds no certificate (a PEM file with -----BEGIN CERTIFICATE-----, such as the root.crt of the issuer's certificate authority) for --ca-file (VERIFIER_CA_FILE)
log-pre-upgrade-copy = copying it before the upgrade failed ({ $reason }); nothing was migrated
bundle-bad-delegation = the bundle's signing key is not vouched for by the root key (forged or damaged)
bundle-outside-delegation = the bundle was made outside the time its signing key was allowed to sign bundles
keyfile-issuer-root = { $reason }
# A code that could not be read (not the same as a fake card).
verdict-unreadable = COULD NOT READ THE CODE
# The tablet's sound toggle (remembered in the browser).
serve-sound-on = Sound: on
serve-sound-off = Sound: off
# The list of blocked cards could not be read from the installed trust bundle (SPEC §7, revoked_list_unreadable): the station's problem, not the card's.
verdict-list-unreadable = STOP · could not read the list of blocked cards
hint-revoked-list-unreadable = The installed trust bundle changed or could not be read during the check. Scan again; if it happens again, run "verifier update". Nothing was recorded.
error-revoked-list-unreadable = the list of blocked cards in the installed trust bundle could not be read ({ $kind ->
        [changed] the installed bundle file changed after it was opened
       *[read] the installed bundle file could not be read
    }); nothing was recorded: check the card again, and if it happens again run `verifier update`
