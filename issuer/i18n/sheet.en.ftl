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
