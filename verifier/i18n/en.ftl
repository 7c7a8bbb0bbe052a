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
