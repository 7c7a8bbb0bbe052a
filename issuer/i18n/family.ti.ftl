# The families' pages (the phone card /k and the public list of offers /tilbud), Tigrinya.
# Status: machine translation, not reviewed by a native speaker. Please have a native speaker review it before use.
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = ቋንቋ
skip-to-content = ናብ ትሕዝቶ ሕለፍ
offers-link = ኩሎም ቦታታትን ኣቕርቦታትን ርአ
privacy-note = እቲ ካርድ ብዛዕባ ዋንኡ ዝኾነ ሓበሬታ የብሉን።

## The phone card (/k)

card-number = ቁጽሪ ካርድ
# $from and $until are dates, filled in on the phone.
card-valid = ይሰርሕ { $from }–{ $until }
card-brightness = ነቲ ኮድ ከተርኢ ከለኻ፣ ብርሃን ናይ ስክሪን ወስኾ።
card-show = ነቲ ኮድ ኣብ ካሳ ወይ ኣብ መቐበሊ ኣርኢ። ንሳቶም ስካን ይገብርዎ።
card-checked = እቲ ኮድ ኣብዚ ተሌፎን ተረጋጊጹ ኣሎ።
card-unchecked = እዚ ተሌፎን ነቲ ኮድ ባዕሉ ከረጋግጾ ኣይክእልን። እቲ እትበጽሖ ቦታ የረጋግጾ።
card-expired = ግዜ ናይቲ ካርድ ኣብ { $until } ተወዲኡ።
card-not-yet = እቲ ካርድ ካብ { $from } ጀሚሩ ጥራይ እዩ ዝሰርሕ።
card-damaged = እቲ ናብ ካርድ ዘብጽሕ ሊንክ ተበላሺዩ ወይ ብጌጋ ተጻሒፉ ኣሎ። ነቲ ኣብ ወረቐት ካርድ ዘሎ ኮድ እንደገና ስካን ግበሮ፣ ወይ ነቲ ካርድ ዝሃበካ ሰብ ሕተቶ።
card-unknown-key = እዚ ገጽ ነቲ ካርድ ዝተሰርሓሉ መፍትሕ ኣይፈልጦን። ምስ ኢንተርነት ተራኸብ እሞ ነቲ ገጽ እንደገና ጽዓኖ።
card-unknown-type = እዚ ገጽ ነዚ ዓይነት ካርድ ኣይፈልጦን። ምስ ኢንተርነት ተራኸብ እሞ ነቲ ገጽ እንደገና ጽዓኖ።
card-none = ኣብዚ ተሌፎን ክሳብ ሕጂ ዝተዓቀበ ካርድ የለን። ነቲ ኣብ ወረቐት ካርድ ዘሎ QR ኮድ ብካሜራ ናይቲ ተሌፎን ስካን ግበሮ።
card-storage-off = እቲ ብራውዘር ነዚ ገጽ ነቲ ካርድ ክዕቅቦ ኣየፍቅደሉን። ነዚ ገጽ ቡክማርክ ግበሮ ወይ ነቲ ወረቐት ካርድ ተጠቐመሉ።
card-no-core = እዚ መርበብ ሓበሬታ ነቲ ካርድ ከርኢ ኣይክእልን እዩ። ነቲ መርበብ ሓበሬታ ኣሐድሶ፣ ወይ ነቲ ናይ ወረቀት ካርድ ኣርኢ – ብተመሳሳሊ ይሰርሕ እዩ።
cards-saved = ኣብዚ ተሌፎን ዘለዉ ካርድታት
# $number is a card number like 7KX-M2Q-9DA.
card-switch = ካርድ { $number } ኣርኢ
card-remove = ነቲ ካርድ ካብ ተሌፎን ኣልግሶ
card-remove-confirm = ነቲ ካርድ ካብዚ ተሌፎን ከተልግሶ ትደሊ ዶ? እቲ ወረቐት ካርድ ገና ይሰርሕ እዩ።
# Shown after "Remove" (SPEC §12.2): machine translation, not reviewed by a native speaker.
card-removed-history = እቲ ካርድ ካብዚ ገጽ ተኣልዩ ኣሎ። ግን እቲ ብራውዘር ነቲ ናይ ካርድ ሊንክ ኣብ ታሪኹ ክዝክሮ ይኽእል እዩ። ካብኡ እውን ንምእላዩ: ታሪኽ ናይቲ ብራውዘር ክፈት፣ ነዚ ገጽ ረኺብካ ሰርዞ፣ ወይ ኣብ ምድላዋት ናይቲ ብራውዘር ናይ ምድህሳስ ሓበሬታ (ታሪኽ) ኣጽሪ።
card-add-hint = ካብ ሓደ ንላዕሊ ካርድ ኣሎካ ዶ፣ ንኣብነት ንኣሕዋት? ነፍሲ ወከፍ ወረቐት ካርድ ብካሜራ ስካን ግበሮ። ኩሎም ካርድታት ኣብዚ ይዕቀቡ፣ ኣብ ላዕሊ ድማ ኣብ መንጎኦም ክትቀያይር ትኽእል ኢኻ።
card-offline = ኢንተርነት የብልካን። እቲ ካርድ ግን ይሰርሕ እዩ።
card-install = ነዚ ገጽ ናብ ቀንዲ ስክሪን ወስኾ፣ ሽዑ ነቲ ካርድ ብቕልጡፍ ክትረኽቦ ኢኻ፣ ብዘይ ኢንተርነት እውን።
card-private = እቲ ካርድ ኣብዚ ተሌፎን ጥራይ እዩ ዝዕቀብ።
uses-heading = ነቲ ካርድ ንምንታይ ክጥቀመሉ እኽእል?
uses-where = ኣብዚ ይሰርሕ:
uses-none = እዚ ዓይነት ካርድ ሕጂ ዋላ ሓደ ኣቕርቦት የብሉን።

## What a card gives (both pages)

benefit-companion = ሓደ ምስቲ ቆልዓ ዝመጽእ ዓቢ ሰብ ብነጻ ይኣቱ።
quota-day = { $count ->
    [one] { $count } ግዜ ኣብ መዓልቲ
   *[other] { $count } ግዜ ኣብ መዓልቲ
}
quota-week = { $count ->
    [one] { $count } ግዜ ኣብ ሰሙን
   *[other] { $count } ግዜ ኣብ ሰሙን
}
quota-month = { $count ->
    [one] { $count } ግዜ ኣብ ወርሒ
   *[other] { $count } ግዜ ኣብ ወርሒ
}
quota-year = { $count ->
    [one] { $count } ግዜ ኣብ ዓመት
   *[other] { $count } ግዜ ኣብ ዓመት
}
# quota-validity, quota-none: "while the card is valid" (review 2026-12;
# the old "until the card works" could mislead). A native reader should confirm.
quota-validity = { $count ->
    [one] እቲ ካርድ ኣብ ዝሰርሓሉ ግዜ { $count } ግዜ
   *[other] እቲ ካርድ ኣብ ዝሰርሓሉ ግዜ { $count } ግዜ
}
quota-none = ብዘይ ደረት፣ እቲ ካርድ ኣብ ዝሰርሓሉ ግዜ
ages = ዕድመ { $min }–{ $max } ዓመት
validity-calendar-year = ክሳብ መወዳእታ ናይ ፈረንጂ ዓመት ይሰርሕ
validity-days = { $days ->
    [one] { $days } መዓልቲ ይሰርሕ
   *[other] { $days } መዓልታት ይሰርሕ
}
validity-fixed = ይሰርሕ { $from }–{ $until }
# unreviewed (machine translation)
validity-roll-over = ክሳብ መወዳእታ ናይ ፈረንጂ ዓመት ይሰርሕ፤ ካብ { $date } ዝተዋህቡ ካርድታት ክሳብ መወዳእታ ዝመጽእ ዓመት ይሰርሑ
# unreviewed (machine translation)
validity-months = { $months ->
    [one] ን{ $months } ወርሒ ይሰርሕ
   *[other] ን{ $months } ኣዋርሕ ይሰርሕ
}

## How to use the card at each kind of place

how-cinema = ነቲ ኮድ ኣብ መሸጢ ትኬት ኣርኢ፣ ሽዑ ትኬት ትረክብ።
how-swimming = ቅድሚ ምእታውካ ነቲ ኮድ ኣብ መቐበሊ ኣርኢ።
how-museum = ነቲ ኮድ ኣብ መሸጢ ትኬት ኣርኢ።
how-theatre = ነቲ ኮድ ኣብ መሸጢ ትኬት ኣርኢ፣ ሽዑ ትኬት ትረክብ።
how-amusement = ነቲ ኮድ ኣብ መእተዊ ኣርኢ።
how-activity = ነቲ ኮድ ኣብ ካሳ ኣርኢ።
how-event = ነቲ ኮድ ኣብ መእተዊ ኣርኢ።
how-transport = ነቲ ኮድ ንዘዋሪ ወይ ንተቖጻጻሪ ትኬት ኣርኢ።
how-other = ምስ በጻሕካ ነቲ ኮድ ኣርኢ።

category-cinema = ሲነማ
category-swimming = መሐምበሲ
category-museum = ቤተ-መዘክር
category-theatre = ቲያትር
category-amusement = መዘናግዒ ፓርክ
category-activity = ንጥፈት
category-event = ፍጻመ
category-transport = መጓዓዝያ
category-other = ካልእ

## The public list of offers (/tilbud)

offers-title = ቦታታትን ኣቕርቦታትን
offers-intro = ኣብዚ እቲ ካርድ ክጥቀመሉ ዝከኣል ኩሎም ቦታታት ኣለዉ፣ ነፍሲ ወከፍ ዓይነት ካርድ እንታይ ከም ዝህብ ድማ ኣሎ። እቲ ዝርዝር ካብቲ እቶም ቦታታት ዝጥቀሙሉ ሓደ ዓይነት ሓበሬታ እዩ ዝስራሕ፣ ስለዚ ኩሉ ግዜ ሓድሽ እዩ።
offers-filter = ዓይነት ቦታ
offers-all = ኩሉ
offers-filter-button = ኣርኢ
offers-venues = ቦታታት
offers-card-types = ዓይነታት ካርድ
offers-none = ክሳብ ሕጂ ካብዚ ዓይነት ቦታ የለን።
offers-gives = ብካርድ:
offers-card-type-gives = ዝህቦ:
offers-address = ኣድራሻ

## The printed card (PDF): one short line, printed in several languages

sheet-phone-hint = ካርድ ኣብ ተሌፎን: ነቲ ኮድ ብካሜራ ስካን ግበሮ።

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = እዚ ጽሑፍ ብማሽን እዩ ተተርጒሙ፣ ገና ብምምሕዳር ከተማ ኣይተረጋገጸን።

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = እዚ ካርድ ተዓጊቱ ስለ ዘሎ ድሕሪ ሕጂ ኣይሰርሕን፣ ስለዚ ኮድ ኣይርአን። ነቲ ካርድ ዝሃበካ ቤት ጽሕፈት ተወከስ።
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = ንካርድ ሳጓ ሃቦ
nickname-label = ሳጓ (ኣብዚ ተሌፎን ጥራይ ይዕቀብ)
nickname-save = ሳጓ ዓቅብ
nickname-remove = ሳጓ ኣጥፍእ
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = ተዓጊቱ
## Venue details on the list of offers and the phone card
offers-hours = ሰዓታት ስራሕ
offers-phone = ተሌፎን
offers-web = መርበብ ሓበሬታ
offers-map = ኣብ ካርታ ርአ

# The scheme's contact details on the offers page and the phone card.
contact-heading = ብዛዕባ እቲ ካርድ ሕቶ ኣለኩም?
