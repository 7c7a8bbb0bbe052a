# The families' pages (the phone card /k and the public list of offers
# /tilbud), Norwegian bokmål: the source text.
# Status: reviewed (source language).
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = Språk
skip-to-content = Hopp til innholdet
offers-link = Se alle steder og tilbud
privacy-note = Kortet inneholder ingen opplysninger om hvem som har det.

## The phone card (/k)

card-number = Kortnummer
# $from and $until are dates, filled in on the phone.
card-valid = Gyldig { $from }–{ $until }
card-brightness = Skru opp lysstyrken på skjermen når du viser koden.
card-show = Vis koden i kassen eller i resepsjonen. De ansatte skanner den.
card-checked = Koden er kontrollert på denne telefonen.
card-unchecked = Denne telefonen kan ikke kontrollere koden selv. Stedet du besøker, kontrollerer den.
card-expired = Kortet gjaldt til { $until }.
card-not-yet = Kortet gjelder først fra { $from }.
card-damaged = Lenken til kortet er skadet eller feilskrevet. Skann koden på papirkortet på nytt, eller spør den som ga deg kortet.
card-unknown-key = Denne siden kjenner ikke igjen kortet. Koble til internett og last inn siden på nytt. Hjelper ikke det, spør den som ga deg kortet.
card-unknown-type = Denne siden kjenner ikke korttypen. Koble til internett og last inn siden på nytt.
card-none = Ingen kort er lagret på denne telefonen ennå. Skann QR-koden på papirkortet med kameraet på telefonen.
card-storage-off = Nettleseren lar ikke siden lagre kortet. Bokmerk denne siden eller bruk papirkortet.
card-no-core = Denne nettleseren kan ikke vise kortet. Oppdater nettleseren, eller vis papirkortet – det virker like godt.
cards-saved = Kort på denne telefonen
# $number is a card number like 7KX-M2Q-9DA.
card-switch = Vis kort { $number }
card-remove = Fjern kortet fra telefonen
card-remove-confirm = Fjerne kortet fra denne telefonen? Papirkortet virker fortsatt.
# Shown after "Remove" (SPEC §12.2): the link stays in the browser's history.
card-removed-history = Kortet er fjernet fra denne siden. Nettleseren kan likevel huske lenken til kortet i historikken sin. Slik fjerner du den der også: åpne historikken i nettleseren, finn denne siden og slett den, eller slett nettleserdataene (historikken) i innstillingene til nettleseren.
card-add-hint = Har du flere kort, for eksempel til søsken? Skann hvert papirkort med kameraet. Alle kortene lagres her, og du bytter mellom dem ovenfor.
card-offline = Du er uten nett. Kortet virker likevel.
card-install = Legg siden til på startskjermen, så finner du kortet raskt, også uten nett.
card-private = Kortet lagres bare på denne telefonen.
uses-heading = Hva kan jeg bruke kortet til?
uses-where = Her gjelder det:
uses-none = Denne korttypen gir ingen tilbud akkurat nå.

## What a card gives (both pages)

benefit-companion = Én voksen ledsager kommer gratis inn sammen med barnet.
quota-day = { $count ->
    [one] { $count } gang om dagen
   *[other] { $count } ganger om dagen
}
quota-week = { $count ->
    [one] { $count } gang i uka
   *[other] { $count } ganger i uka
}
quota-month = { $count ->
    [one] { $count } gang i måneden
   *[other] { $count } ganger i måneden
}
quota-year = { $count ->
    [one] { $count } gang i året
   *[other] { $count } ganger i året
}
quota-validity = { $count ->
    [one] { $count } gang mens kortet gjelder
   *[other] { $count } ganger mens kortet gjelder
}
quota-none = Så ofte du vil mens kortet gjelder
ages = { $min }–{ $max } år
validity-calendar-year = Gjelder ut kalenderåret
validity-days = { $days ->
    [one] Gjelder i { $days } dag
   *[other] Gjelder i { $days } dager
}
validity-fixed = Gjelder { $from }–{ $until }
validity-roll-over = Gjelder ut kalenderåret; kort delt ut fra { $date } gjelder ut neste år
validity-months = { $months ->
    [one] Gjelder i { $months } måned
   *[other] Gjelder i { $months } måneder
}

## How to use the card at each kind of place

how-cinema = Vis koden i billettluka, så får du billett.
how-swimming = Vis koden i resepsjonen før du går inn.
how-museum = Vis koden i billettskranken.
how-theatre = Vis koden i billettluka, så får du billett.
how-amusement = Vis koden ved inngangen.
how-activity = Vis koden i kassen.
how-event = Vis koden ved inngangen.
how-transport = Vis koden til sjåføren eller billettkontrolløren.
how-other = Vis koden når du kommer.

category-cinema = Kino
category-swimming = Svømmehall
category-museum = Museum
category-theatre = Teater
category-amusement = Fornøyelsespark
category-activity = Aktivitet
category-event = Arrangement
category-transport = Transport
category-other = Annet

## The public list of offers (/tilbud)

offers-title = Steder og tilbud
offers-intro = Her er alle stedene der kortet kan brukes, og hva hver korttype gir. Listen lages fra de samme opplysningene som stedene bruker, så den er alltid oppdatert.
offers-filter = Type sted
offers-all = Alle
offers-filter-button = Vis
offers-venues = Steder
offers-card-types = Korttyper
offers-none = Ingen steder av denne typen ennå.
offers-gives = Med kortet:
offers-card-type-gives = Gir:
offers-address = Adresse

## The printed card (PDF): one short line, printed in several languages

sheet-phone-hint = Kort på mobilen? Skann koden med kameraet.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = Denne teksten er maskinoversatt og ikke lest gjennom av kommunen ennå.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = Dette kortet er sperret og kan ikke brukes lenger. Derfor vises ikke koden. Ta kontakt med kontoret som ga deg kortet.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = Gi kortet et kallenavn
nickname-label = Kallenavn (lagres bare på denne telefonen)
nickname-save = Lagre kallenavnet
nickname-remove = Fjern kallenavnet
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = Sperret
## Venue details on the list of offers and the phone card
offers-hours = Åpningstider
offers-phone = Telefon
offers-web = Nettside
offers-map = Vis på kart

# The scheme's contact details on the offers page and the phone card.
contact-heading = Spørsmål om kortet?
