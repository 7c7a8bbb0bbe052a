# The station page (/stasjon): the answers in the verifier binary's words
# (copied; wasm/src/texts.rs checks they stay equal), then the page's own.

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
verdict-clock-behind = STOP · this computer's clock is wrong
verdict-bundle-too-old = STOP · the trust bundle is too old
verdict-budget-exhausted = ALL TICKETS ARE USED · { $divided ->
    [yes] this station's { $portion } of the venue's { $count }
   *[no] the venue's { $count }
} for { $period }
hint-quota-exhausted = { $benefit }: { $limit } is used up.{ $next ->
    [yes] {""}
   *[no] {" The card cannot be used for this here again."}
}
hint-budget-exhausted = { $benefit }: the venue has given all its tickets for this period. The card itself has room; the municipality can buy more tickets.
hint-revoked = The card has been reported lost or blocked. Ask the family to contact whoever gave them the card.
hint-expired = The card was valid until { $date } inclusive.
hint-not-yet-valid = The card is valid from { $date }.
hint-not-valid-here = This card gives nothing at this venue.
hint-validity-too-long = The card's validity is longer than its card type allows.
hint-key-not-valid = The card is signed with a key that was not valid when the card was made.
hint-bad-signature = The card is not genuine, or it is damaged.
card-line = Card { $number } · { $cardtype } · valid { $from }–{ $until }
quota-limit = { $count } { $per ->
    [day] a day
    [week] a week
    [month] a month
    [year] a year
   *[validity] for the whole validity
}
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
warning-budget = Note: { $used } of { $portion } tickets for { $period } are used, { $left } left.
companion-came = COMPANION RECORDED · { $benefit }
companion-none = CHILD ONLY · { $benefit }
hint-bad-encoding = Turn up the phone's brightness, hold the code still, or use the printed card. If it still fails, the card may be damaged: ask the family to contact whoever gave them the card.
hint-unsupported-version = The card is of a newer kind. Open the page again while the phone is online.
hint-unknown-key = The card is signed with a key this station does not know yet. The station fetches new keys itself while the phone is online; try again afterwards.
hint-unknown-card-type = The card type is not known here. The station fetches new card types itself while the phone is online; try again afterwards.
hint-clock-behind = This phone's clock shows { $now }, but { $seen } has already been seen here ({ $minutes } minutes later). Correct the date and time (automatic time is best) and scan again. Nothing was recorded.
hint-bundle-too-old = The station's card list is { $age } days old; the limit is { $limit } days. Connect the phone to the internet; the station updates itself. Nothing was recorded.
warning-stale = Warning: the station's card list is { $age } days old. Connect the phone to the internet soon; in { $left } days no card will be accepted.
verdict-no-bundle = STOP · the station is not set up
hint-no-bundle = Set up the station with the venue's set-up code first.
title = Activity card station
setup-heading = Set up the station
setup-intro = Scan or paste the venue's set-up code. The municipality's administrator gives it to you.
setup-label = Set-up code
setup-submit = Set up
setup-invalid = This is not a venue set-up code. It starts with «aktivitetskort-setup:1;». Ask the municipality's administrator for a new one.
setup-other-issuer = This set-up code belongs to another municipality's card system ({ $origin }). Open the station page there.
setup-fetching = Fetching the card list …
setup-no-network = Could not fetch the card list: the phone is offline, or the server does not answer. Try again when the phone is online.
setup-done = Set up for { $venue }.
scan-heading = Scan cards
scan-start = Start camera
scan-stop = Stop camera
scan-text-label = The card's code (from a scanner or typed)
scan-submit = Check
camera-denied = The camera is not allowed for this page. Allow the camera in the browser's settings, or use a scanner.
camera-none = No camera found. Use a scanner or type the code.
answer-at = at { $time }
companion-yes = With companion
companion-no = Child only
undo-last = Undo last visit
undo-done = UNDONE · { $benefit } recorded { $time }
undo-nothing = No visit to undo.
sound-on = Sound on
sound-off = Sound off
status-heading = Status
status-bundle = Card list version { $version }, fetched { $when }.
status-offline = Offline: the station works as before and updates itself when the network is back.
status-updated = The card list is updated to version { $version }.
status-visits = Visits recorded here today: { $count }
storage-refused = This browser cannot store the visits (private mode or storage denied). The station records nothing here. Open the page in a normal browser window.
storage-not-persistent = Note: the browser has not promised to keep the visits if the phone runs low on space. Add the page to the home screen.
key-pending = The station's key is waiting for the municipality's approval; reports are sent once it is approved.
key-approved = The station's key is approved; usage is reported on its own.
key-unsupported = This browser cannot make a station key (Ed25519), so usage is not reported from here. Use a newer browser.
report-sent = Usage report for { $month } sent.
bundle-not-a-bundle = What was fetched is not the municipality's card list. Check the set-up code.
bundle-unsupported-format = The card list is of a newer kind than this page knows. Reload the page.
bundle-untrusted-root = The card list is not signed by the key in the venue's set-up code. Ask the municipality for a new set-up code.
bundle-bad-signature = The card list is damaged or was changed on the way; it was not used.
bundle-invalid-content = The card list has invalid content; it was not used.
bundle-from-the-future = The card list is dated in the future: the phone's clock is probably wrong. Correct the clock.
bundle-rollback = The fetched card list is older than the station's; the old one is kept.
bundle-unknown-venue = The venue in the set-up code is not in the municipality's card list. Ask the municipality for a new set-up code.
bundle-outside-delegation = The card list is signed with a key outside the time the municipality gave it; it was not used. Tell the municipality.
# A code that could not be read (not the same as a fake card).
verdict-unreadable = COULD NOT READ THE CODE
# The list of blocked cards could not be read (SPEC §7, revoked_list_unreadable): the station's problem, not the card's.
verdict-list-unreadable = STOP · could not read the list of blocked cards
hint-revoked-list-unreadable = The station's card list could not be read during the check. Scan again; if it happens again, reload the page. Nothing was recorded.
