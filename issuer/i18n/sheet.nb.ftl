# Labels printed on the card sheet (PDF), Norwegian bokmål.
# The card must look like any ticket: never a word about income or need.
card-number = Kortnummer
card-valid = Gyldig { $from }–{ $until }
card-name = Navn:
# The PDF's title (shown by PDF viewers, not printed).
sheet-title = { $scheme } – { $count } kort
