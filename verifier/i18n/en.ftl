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
hint-bad-encoding = The code could not be read. Scan again; if the card is damaged, ask the family to contact whoever gave them the card.
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
report-row = { $day }  { $cardtype } · { $benefit }: { $count } { $plural ->
    [one] visit
   *[other] visits
}{ $comp ->
    [none] {""}
    [one] {" + 1 companion"}
   *[other] {" + "}{ $companions } companions
}
report-empty = No visits recorded in this period.
