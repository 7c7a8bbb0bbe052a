# The families' pages (the phone card /k and the public list of offers /tilbud), Somali.
# Status: machine translation, not reviewed by a native speaker. Please have a native speaker review it before use.
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = Luqadda
skip-to-content = U gudub qoraalka
offers-link = Eeg dhammaan meelaha iyo fursadaha
privacy-note = Kaarku ma hayo wax macluumaad ah oo ku saabsan qofka iska leh.

## The phone card (/k)

card-number = Lambarka kaarka
# $from and $until are dates, filled in on the phone.
card-valid = Ansax { $from }–{ $until }
card-brightness = Kor u qaad iftiinka shaashadda marka aad tusinayso koodhka.
card-show = Koodhka ku tus khasnadda ama meesha soo-dhoweynta. Iyaga ayaa iskaan gareynaya.
card-checked = Koodhka waa lagu hubiyay taleefankan.
card-unchecked = Taleefankani keligiis ma hubin karo koodhka. Meesha aad booqanayso ayaa hubinaysa.
card-expired = Kaarka waqtigiisu wuxuu dhammaaday { $until }.
card-not-yet = Kaarku wuxuu ansax noqonayaa laga bilaabo { $from }.
card-damaged = Linkiga kaarka waa xumaaday ama si khaldan ayaa loo qoray. Mar kale iskaan garee koodhka ku yaal kaarka warqadda ah, ama weydii qofkii kaarka ku siiyay.
card-unknown-key = Boggani ma yaqaan furaha lagu sameeyay kaarka. Ku xirmo internetka oo bogga dib u soo rar.
card-unknown-type = Boggani ma yaqaan nooca kaarka. Ku xirmo internetka oo bogga dib u soo rar.
card-none = Weli kaar laguma kaydin taleefankan. Koodhka QR ee kaarka warqadda ah ku iskaan garee kamarada taleefanka.
card-storage-off = Biraawsarku uma oggola boggan inuu kaydiyo kaarka. Boggan ku keydi calaamadaha (bookmark) ama isticmaal kaarka warqadda ah.
card-no-core = Browser-kan ma muujin karo kaarka. Cusboonaysii browser-ka, ama tus kaarka warqadda ah – si la mid ah ayuu u shaqeeyaa.
cards-saved = Kaararka taleefankan ku jira
# $number is a card number like 7KX-M2Q-9DA.
card-switch = Tus kaarka { $number }
card-remove = Ka saar kaarka taleefanka
card-remove-confirm = Ma ka saaraysaa kaarka taleefankan? Kaarka warqadda ah weli wuu shaqaynayaa.
# Shown after "Remove" (SPEC §12.2): machine translation, not reviewed by a native speaker.
card-removed-history = Kaarka waa laga saaray boggan. Hase yeeshee biraawsarku wuxuu weli xusuusan karaa xiriirka kaarka ee taariikhdiisa. Si aad halkaas uga saarto: fur taariikhda biraawsarka, hel boggan oo tirtir, ama ka tirtir xogta baadhista (taariikhda) dejinta biraawsarka.
card-add-hint = Ma haysaa kaarar kale, tusaale ahaan walaalaha? Kaar kasta oo warqad ah ku iskaan garee kamarada. Dhammaan kaararka halkan ayay ku kaydsan yihiin, waxaadna ku kala beddeli kartaa xagga sare.
card-offline = Internet ma haysatid. Kaarku weli wuu shaqaynayaa.
card-install = Boggan ku dar shaashadda hore, si aad kaarka dhakhso ugu hesho, xitaa internet la'aan.
card-private = Kaarka waxaa lagu kaydiyaa oo keliya taleefankan.
uses-heading = Maxaan kaarka u isticmaali karaa?
uses-where = Halkan ayuu ka shaqeeyaa:
uses-none = Nooca kaarkan hadda wax fursad ah ma bixiyo.

## What a card gives (both pages)

benefit-companion = Hal qof oo weyn oo ilmaha la socda ayaa bilaash ku gelaya.
quota-day = { $count ->
    [one] { $count } mar maalintii
   *[other] { $count } jeer maalintii
}
quota-week = { $count ->
    [one] { $count } mar toddobaadkii
   *[other] { $count } jeer toddobaadkii
}
quota-month = { $count ->
    [one] { $count } mar bishii
   *[other] { $count } jeer bishii
}
quota-year = { $count ->
    [one] { $count } mar sannadkii
   *[other] { $count } jeer sannadkii
}
quota-validity = { $count ->
    [one] { $count } mar inta kaarku ansax yahay
   *[other] { $count } jeer inta kaarku ansax yahay
}
quota-none = Inta jeer ee aad rabto, inta kaarku ansax yahay
ages = Da'da { $min }–{ $max } sano
validity-calendar-year = Ansax ilaa dhammaadka sannadka
validity-days = { $days ->
    [one] Ansax { $days } maalin
   *[other] Ansax { $days } maalmood
}
validity-fixed = Ansax { $from }–{ $until }
# unreviewed (machine translation)
validity-roll-over = Ansax ilaa dhammaadka sannadka; kaararka la bixiyo laga bilaabo { $date } waa ansax ilaa dhammaadka sannadka dambe
# unreviewed (machine translation)
validity-months = { $months ->
    [one] Ansax { $months } bil
   *[other] Ansax { $months } bilood
}

## How to use the card at each kind of place

how-cinema = Koodhka ku tus miiska tigidhada, oo waxaad heli doontaa tigidh.
how-swimming = Koodhka ku tus meesha soo-dhoweynta ka hor intaadan gelin.
how-museum = Koodhka ku tus miiska tigidhada.
how-theatre = Koodhka ku tus miiska tigidhada, oo waxaad heli doontaa tigidh.
how-amusement = Koodhka ku tus albaabka laga galo.
how-activity = Koodhka ku tus khasnadda.
how-event = Koodhka ku tus albaabka laga galo.
how-transport = Koodhka tus darawalka ama kormeeraha tigidhada.
how-other = Koodhka tus marka aad timaaddo.

category-cinema = Shineemo
category-swimming = Barkadda dabaasha
category-museum = Matxaf
category-theatre = Tiyaatar
category-amusement = Beerta madadaalada
category-activity = Hawl
category-event = Munaasabad
category-transport = Gaadiid
category-other = Kale

## The public list of offers (/tilbud)

offers-title = Meelaha iyo fursadaha
offers-intro = Halkan waxaa ku qoran dhammaan meelaha kaarka lagu isticmaali karo, iyo waxa nooc kasta oo kaar ah bixiyo. Liiska waxaa laga sameeyaa isla macluumaadka ay meeluhu isticmaalaan, sidaas darteed had iyo jeer waa cusub yahay.
offers-filter = Nooca meesha
offers-all = Dhammaan
offers-filter-button = Tus
offers-venues = Meelaha
offers-card-types = Noocyada kaarka
offers-none = Weli ma jiraan meelo noocan ah.
offers-gives = Kaarka waxaad ku helaysaa:
offers-card-type-gives = Wuxuu bixiyaa:
offers-address = Cinwaanka

## The printed card (PDF): one short line, printed in several languages

# Shortened to fit the card's column at 5 pt (2026-12; machine translation,
# a native reader should confirm).
sheet-phone-hint = Kaarka taleefanka: koodhka ku iskaan kamarada.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = Qoraalkan waxaa turjumay mashiin, dowladda hoosena weli ma hubin.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = Kaarkan waa la xannibay oo lama isticmaali karo mar dambe, sidaas darteed koodhka lama muujinayo. La xiriir xafiiska kaarka ku siiyay.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = Kaarka sii magac gaaban
nickname-label = Magac gaaban (waxa lagu kaydiyaa taleefankan oo keliya)
nickname-save = Kaydi magaca
nickname-remove = Tirtir magaca
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = La xannibay
## Venue details on the list of offers and the phone card
offers-hours = Saacadaha furitaanka
offers-phone = Taleefan
offers-web = Bogga internetka
offers-map = Ka eeg khariidadda

# The scheme's contact details on the offers page and the phone card.
contact-heading = Su'aalo ma ka qabtaa kaarka?
