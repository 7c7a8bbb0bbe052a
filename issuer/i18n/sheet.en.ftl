# Labels printed on the card sheet (PDF), English.
# The card must look like any ticket: never a word about income or need.
card-number = Card number
card-valid = Valid { $from }–{ $until }
card-name = Name:
# The PDF's title (shown by PDF viewers, not printed).
sheet-title = { $scheme } – { $count ->
    [one] { $count } card
   *[other] { $count } cards
}

# The caseworker's form (/issue): the language of the card's third phone line.
issue-phone-lang = Third language on the card
issue-phone-lang-hint = Each card says in three languages how the family gets the card onto a phone: the sheet's own, bokmål or English, and this one.
# The tagged PDF's alternative text of the QR code (read by screen readers, not printed).
card-qr-alt = QR code of card { $number }
