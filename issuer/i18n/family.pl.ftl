# The families' pages (the phone card /k and the public list of offers /tilbud), Polish.
# Status: machine translation, not reviewed by a native speaker. Please have a native speaker review it before use.
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = Język
skip-to-content = Przejdź do treści
offers-link = Zobacz wszystkie miejsca i oferty
privacy-note = Karta nie zawiera żadnych informacji o tym, do kogo należy.

## The phone card (/k)

card-number = Numer karty
# $from and $until are dates, filled in on the phone.
card-valid = Ważna { $from }–{ $until }
card-brightness = Zwiększ jasność ekranu, kiedy pokazujesz kod.
card-show = Pokaż kod przy kasie lub w recepcji. Tam go zeskanują.
card-checked = Kod został sprawdzony na tym telefonie.
card-unchecked = Ten telefon nie może sam sprawdzić kodu. Kod sprawdzą na miejscu.
card-expired = Karta straciła ważność { $until }.
card-not-yet = Karta jest ważna dopiero od { $from }.
card-damaged = Link do karty jest uszkodzony lub źle wpisany. Zeskanuj jeszcze raz kod na papierowej karcie albo zapytaj osobę, która dała ci kartę.
card-unknown-key = Ta strona nie rozpoznaje karty. Połącz się z internetem i odśwież stronę. Jeśli to nie pomoże, zapytaj osobę, która dała ci kartę.
card-unknown-type = Ta strona nie zna tego rodzaju karty. Połącz się z internetem i odśwież stronę.
card-none = Na tym telefonie nie ma jeszcze zapisanej karty. Zeskanuj aparatem telefonu kod QR z papierowej karty.
card-storage-off = Przeglądarka nie pozwala tej stronie zapisać karty. Dodaj tę stronę do zakładek albo używaj papierowej karty.
card-no-core = Ta przeglądarka nie może wyświetlić karty. Zaktualizuj przeglądarkę albo pokaż kartę papierową – działa tak samo.
cards-saved = Karty na tym telefonie
# $number is a card number like 7KX-M2Q-9DA.
card-switch = Pokaż kartę { $number }
card-remove = Usuń kartę z telefonu
card-remove-confirm = Usunąć kartę z tego telefonu? Papierowa karta nadal działa.
# Shown after "Remove" (SPEC §12.2): machine translation, not reviewed by a native speaker.
card-removed-history = Karta została usunięta z tej strony. Przeglądarka może jednak pamiętać link do karty w swojej historii. Aby usunąć go także stamtąd: otwórz historię przeglądarki, znajdź tę stronę i usuń ją albo wyczyść dane przeglądania (historię) w ustawieniach przeglądarki.
card-add-hint = Masz więcej kart, na przykład dla rodzeństwa? Zeskanuj aparatem każdą papierową kartę. Wszystkie karty zapisują się tutaj, a przełączasz się między nimi u góry.
card-offline = Nie masz internetu. Karta i tak działa.
card-install = Dodaj tę stronę do ekranu głównego, a szybko znajdziesz kartę, także bez internetu.
card-private = Karta jest zapisana tylko na tym telefonie.
uses-heading = Do czego mogę użyć karty?
uses-where = Gdzie działa:
uses-none = Na ten rodzaj karty nie ma teraz żadnych ofert.

## What a card gives (both pages)

benefit-companion = Jeden dorosły opiekun wchodzi za darmo razem z dzieckiem.
quota-day = { $count ->
    [one] { $count } raz dziennie
    [few] { $count } razy dziennie
    [many] { $count } razy dziennie
   *[other] { $count } razy dziennie
}
quota-week = { $count ->
    [one] { $count } raz w tygodniu
    [few] { $count } razy w tygodniu
    [many] { $count } razy w tygodniu
   *[other] { $count } razy w tygodniu
}
quota-month = { $count ->
    [one] { $count } raz w miesiącu
    [few] { $count } razy w miesiącu
    [many] { $count } razy w miesiącu
   *[other] { $count } razy w miesiącu
}
quota-year = { $count ->
    [one] { $count } raz w roku
    [few] { $count } razy w roku
    [many] { $count } razy w roku
   *[other] { $count } razy w roku
}
quota-validity = { $count ->
    [one] { $count } raz w okresie ważności karty
    [few] { $count } razy w okresie ważności karty
    [many] { $count } razy w okresie ważności karty
   *[other] { $count } razy w okresie ważności karty
}
quota-none = Tak często, jak chcesz, dopóki karta jest ważna
ages = Wiek { $min }–{ $max } lat
validity-calendar-year = Ważna do końca roku kalendarzowego
validity-days = { $days ->
    [one] Ważna przez { $days } dzień
    [few] Ważna przez { $days } dni
    [many] Ważna przez { $days } dni
   *[other] Ważna przez { $days } dnia
}
validity-fixed = Ważna { $from }–{ $until }
validity-roll-over = Ważna do końca roku kalendarzowego; karty wydane od { $date } są ważne do końca następnego roku
validity-months = { $months ->
    [one] Ważna przez { $months } miesiąc
    [few] Ważna przez { $months } miesiące
    [many] Ważna przez { $months } miesięcy
   *[other] Ważna przez { $months } miesiąca
}

## How to use the card at each kind of place

how-cinema = Pokaż kod w kasie, a dostaniesz bilet.
how-swimming = Pokaż kod w recepcji, zanim wejdziesz.
how-museum = Pokaż kod w kasie biletowej.
how-theatre = Pokaż kod w kasie, a dostaniesz bilet.
how-amusement = Pokaż kod przy wejściu.
how-activity = Pokaż kod przy kasie.
how-event = Pokaż kod przy wejściu.
how-transport = Pokaż kod kierowcy lub kontrolerowi biletów.
how-other = Pokaż kod, kiedy przyjdziesz.

category-cinema = Kino
category-swimming = Basen
category-museum = Muzeum
category-theatre = Teatr
category-amusement = Park rozrywki
category-activity = Zajęcia
category-event = Wydarzenie
category-transport = Transport
category-other = Inne

## The public list of offers (/tilbud)

offers-title = Miejsca i oferty
offers-intro = Oto wszystkie miejsca, w których można użyć karty, i to, co daje każdy rodzaj karty. Lista powstaje z tych samych informacji, z których korzystają te miejsca, więc jest zawsze aktualna.
offers-filter = Rodzaj miejsca
offers-all = Wszystkie
offers-filter-button = Pokaż
offers-venues = Miejsca
offers-card-types = Rodzaje kart
offers-none = Nie ma jeszcze miejsc tego rodzaju.
offers-gives = Z kartą:
offers-card-type-gives = Daje:
offers-address = Adres

## The printed card (PDF): one short line, printed in several languages

sheet-phone-hint = Karta w telefonie: zeskanuj kod aparatem.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = Ten tekst został przetłumaczony maszynowo i gmina jeszcze go nie sprawdziła.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = Ta karta jest zablokowana i nie można już z niej korzystać, dlatego kod nie jest wyświetlany. Skontaktuj się z biurem, które wydało ci kartę.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = Nadaj karcie nazwę
nickname-label = Nazwa (zapisana tylko na tym telefonie)
nickname-save = Zapisz nazwę
nickname-remove = Usuń nazwę
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = Zablokowana
## Venue details on the list of offers and the phone card
offers-hours = Godziny otwarcia
offers-phone = Telefon
offers-web = Strona internetowa
offers-map = Pokaż na mapie

# The scheme's contact details on the offers page and the phone card.
contact-heading = Masz pytania o kartę?
