# The families' pages (the phone card /k and the public list of offers /tilbud), Norwegian nynorsk.
# Status: machine translation, not reviewed by a native speaker. Please have a native speaker review it before use.
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = Språk
skip-to-content = Hopp til innhaldet
offers-link = Sjå alle stader og tilbod
privacy-note = Kortet inneheld ingen opplysningar om kven som har det.

## The phone card (/k)

card-number = Kortnummer
# $from and $until are dates, filled in on the phone.
card-valid = Gyldig { $from }–{ $until }
card-brightness = Skru opp lysstyrken på skjermen når du viser koden.
card-show = Vis koden i kassa eller i resepsjonen. Dei tilsette skannar koden.
card-checked = Koden er kontrollert på denne telefonen.
card-unchecked = Denne telefonen kan ikkje kontrollere koden sjølv. Staden du besøkjer, kontrollerer koden.
card-expired = Kortet galdt til { $until }.
card-not-yet = Kortet gjeld først frå { $from }.
card-damaged = Lenka til kortet er skadd eller feilskriven. Skann koden på papirkortet på nytt, eller spør den som gav deg kortet.
card-unknown-key = Denne sida kjenner ikkje att kortet. Kople til internett og last inn sida på nytt. Hjelper ikkje det, spør den som gav deg kortet.
card-unknown-type = Denne sida kjenner ikkje korttypen. Kople til internett og last inn sida på nytt.
card-none = Det er ikkje lagra noko kort på denne telefonen enno. Skann QR-koden på papirkortet med kameraet på telefonen.
card-storage-off = Nettlesaren lèt ikkje sida lagre kortet. Bokmerk denne sida eller bruk papirkortet.
card-no-core = Denne nettlesaren kan ikkje vise kortet. Oppdater nettlesaren, eller vis papirkortet – det verkar like godt.
cards-saved = Kort på denne telefonen
# $number is a card number like 7KX-M2Q-9DA.
card-switch = Vis kort { $number }
card-remove = Fjern kortet frå telefonen
card-remove-confirm = Fjerne kortet frå denne telefonen? Papirkortet verkar framleis.
# Shown after "Remove" (SPEC §12.2): machine translation, not reviewed by a native speaker.
card-removed-history = Kortet er fjerna frå denne sida. Nettlesaren kan likevel hugse lenkja til kortet i historikken sin. Slik fjernar du henne der òg: opne historikken i nettlesaren, finn denne sida og slett henne, eller slett nettlesardataa (historikken) i innstillingane til nettlesaren.
card-add-hint = Har du fleire kort, til dømes til sysken? Skann kvart papirkort med kameraet. Alle korta blir lagra her, og du byter mellom dei ovanfor.
card-offline = Du er utan nett. Kortet verkar likevel.
card-install = Legg sida til på startskjermen, så finn du kortet raskt, også utan nett.
card-private = Kortet blir berre lagra på denne telefonen.
uses-heading = Kva kan eg bruke kortet til?
uses-where = Her gjeld det:
uses-none = Denne korttypen gir ingen tilbod akkurat no.

## What a card gives (both pages)

benefit-companion = Éin vaksen ledsagar kjem gratis inn saman med barnet.
quota-day = { $count ->
    [one] { $count } gong om dagen
   *[other] { $count } gonger om dagen
}
quota-week = { $count ->
    [one] { $count } gong i veka
   *[other] { $count } gonger i veka
}
quota-month = { $count ->
    [one] { $count } gong i månaden
   *[other] { $count } gonger i månaden
}
quota-year = { $count ->
    [one] { $count } gong i året
   *[other] { $count } gonger i året
}
quota-validity = { $count ->
    [one] { $count } gong medan kortet gjeld
   *[other] { $count } gonger medan kortet gjeld
}
quota-none = Så ofte du vil medan kortet gjeld
ages = { $min }–{ $max } år
validity-calendar-year = Gjeld ut kalenderåret
validity-days = { $days ->
    [one] Gjeld i { $days } dag
   *[other] Gjeld i { $days } dagar
}
validity-fixed = Gjeld { $from }–{ $until }
validity-roll-over = Gjeld ut kalenderåret; kort delte ut frå { $date } gjeld ut neste år
validity-months = { $months ->
    [one] Gjeld i { $months } månad
   *[other] Gjeld i { $months } månader
}

## How to use the card at each kind of place

how-cinema = Vis koden i billettluka, så får du billett.
how-swimming = Vis koden i resepsjonen før du går inn.
how-museum = Vis koden i billettskranken.
how-theatre = Vis koden i billettluka, så får du billett.
how-amusement = Vis koden ved inngangen.
how-activity = Vis koden i kassa.
how-event = Vis koden ved inngangen.
how-transport = Vis koden til sjåføren eller billettkontrolløren.
how-other = Vis koden når du kjem.

category-cinema = Kino
category-swimming = Symjehall
category-museum = Museum
category-theatre = Teater
category-amusement = Opplevingspark
category-activity = Aktivitet
category-event = Arrangement
category-transport = Transport
category-other = Anna

## The public list of offers (/tilbud)

offers-title = Stader og tilbod
offers-intro = Her er alle stadene der kortet kan brukast, og kva kvar korttype gir. Lista blir laga frå dei same opplysningane som stadene bruker, så ho er alltid oppdatert.
offers-filter = Type stad
offers-all = Alle
offers-filter-button = Vis
offers-venues = Stader
offers-card-types = Korttypar
offers-none = Ingen stader av denne typen enno.
offers-gives = Med kortet:
offers-card-type-gives = Gir:
offers-address = Adresse

## The printed card (PDF): one short line, printed in several languages

sheet-phone-hint = Kortet på mobilen: skann koden med kameraet.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = Denne teksten er maskinomsett og ikkje lesen gjennom av kommunen enno.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = Dette kortet er sperra og kan ikkje brukast lenger. Difor blir ikkje koden vist. Ta kontakt med kontoret som gav deg kortet.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = Gi kortet eit kallenamn
nickname-label = Kallenamn (blir berre lagra på denne telefonen)
nickname-save = Lagre kallenamnet
nickname-remove = Fjern kallenamnet
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = Sperra
## Venue details on the list of offers and the phone card
offers-hours = Opningstider
offers-phone = Telefon
offers-web = Nettstad
offers-map = Vis på kart

# The scheme's contact details on the offers page and the phone card.
contact-heading = Spørsmål om kortet?
