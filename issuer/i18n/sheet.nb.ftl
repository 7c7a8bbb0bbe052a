# Labels printed on the card sheet (PDF), Norwegian bokmål.
# The card must look like any ticket: never a word about income or need.
card-number = Kortnummer
card-valid = Gyldig { $from }–{ $until }
card-name = Navn:
# The PDF's title (shown by PDF viewers, not printed).
sheet-title = { $scheme } – { $count } kort

# The caseworker's form (/issue): the language of the card's third phone line.
issue-phone-lang = Tredje språk på kortet
issue-phone-lang-hint = Hvert kort sier på tre språk hvordan familien får kortet på mobilen: arkets eget, bokmål eller engelsk, og dette.
# Den taggede PDF-ens alternative tekst for QR-koden (leses av skjermlesere, trykkes ikke).
card-qr-alt = QR-kode for kort { $number }
