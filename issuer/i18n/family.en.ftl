# The families' pages (the phone card /k and the public list of offers
# /tilbud), English.
# Status: reviewed (written alongside the bokmål source).
#
# The card must look like any ticket: never a word about income, need,
# support or welfare.

## Shared by both pages

lang-switch = Language
skip-to-content = Skip to content
offers-link = See all places and offers
privacy-note = The card has no information about who owns it.

## The phone card (/k)

card-number = Card number
# $from and $until are dates, filled in on the phone.
card-valid = Valid { $from }–{ $until }
card-brightness = Turn the screen brightness up when you show the code.
card-show = Show the code at the till or the reception. They scan it.
card-checked = The code has been checked on this phone.
card-unchecked = This phone cannot check the code itself. The place you visit checks it.
card-expired = The card expired on { $until }.
card-not-yet = The card is not valid until { $from }.
card-damaged = The link to the card is damaged or mistyped. Scan the code on the paper card again, or ask the person who gave you the card.
card-unknown-key = This page does not recognise the card. Connect to the internet and reload the page. If that does not help, ask the person who gave you the card.
card-unknown-type = This page does not know the card type. Connect to the internet and reload the page.
card-none = No card is saved on this phone yet. Scan the QR code on the paper card with the phone's camera.
card-storage-off = The browser does not let this page save the card. Bookmark this page or use the paper card.
card-no-core = This browser cannot show the card. Update the browser, or show the printed card – it works just as well.
cards-saved = Cards on this phone
# $number is a card number like 7KX-M2Q-9DA.
card-switch = Show card { $number }
card-remove = Remove the card from this phone
card-remove-confirm = Remove the card from this phone? The paper card still works.
# Shown after "Remove" (SPEC §12.2): the link stays in the browser's history.
card-removed-history = The card is removed from this page. The browser may still remember the link to the card in its history. To remove it there too: open the browser's history, find this page and delete it, or clear the browsing data (history) in the browser's settings.
card-add-hint = More than one card, for instance for brothers and sisters? Scan each paper card with the camera. All the cards are saved here, and you switch between them above.
card-offline = You are offline. The card still works.
card-install = Add this page to your home screen to find the card quickly, even offline.
card-private = The card is saved on this phone only.
uses-heading = What can I use the card for?
uses-where = Where it works:
uses-none = This card type has no offers right now.

## What a card gives (both pages)

benefit-companion = One adult companion gets in free with the child.
quota-day = { $count ->
    [one] once a day
   *[other] { $count } times a day
}
quota-week = { $count ->
    [one] once a week
   *[other] { $count } times a week
}
quota-month = { $count ->
    [one] once a month
   *[other] { $count } times a month
}
quota-year = { $count ->
    [one] once a year
   *[other] { $count } times a year
}
quota-validity = { $count ->
    [one] once while the card is valid
   *[other] { $count } times while the card is valid
}
quota-none = As often as you like while the card is valid
ages = Ages { $min }–{ $max }
validity-calendar-year = Valid until the end of the calendar year
validity-days = { $days ->
    [one] Valid for { $days } day
   *[other] Valid for { $days } days
}
validity-fixed = Valid { $from }–{ $until }
validity-roll-over = Valid until the end of the calendar year; cards issued from { $date } are valid until the end of next year
validity-months = { $months ->
    [one] Valid for { $months } month
   *[other] Valid for { $months } months
}

## How to use the card at each kind of place

how-cinema = Show the code at the box office to get a ticket.
how-swimming = Show the code at the reception before you go in.
how-museum = Show the code at the ticket desk.
how-theatre = Show the code at the box office to get a ticket.
how-amusement = Show the code at the entrance.
how-activity = Show the code at the till.
how-event = Show the code at the entrance.
how-transport = Show the code to the driver or the ticket inspector.
how-other = Show the code when you arrive.

category-cinema = Cinema
category-swimming = Swimming pool
category-museum = Museum
category-theatre = Theatre
category-amusement = Amusement park
category-activity = Activity
category-event = Event
category-transport = Transport
category-other = Other

## The public list of offers (/tilbud)

offers-title = Places and offers
offers-intro = These are all the places where the card can be used, and what each card type gives. The list is made from the same information the places use, so it is always up to date.
offers-filter = Kind of place
offers-all = All
offers-filter-button = Show
offers-venues = Places
offers-card-types = Card types
offers-none = No places of this kind yet.
offers-gives = With the card:
offers-card-type-gives = Gives:
offers-address = Address

## The printed card (PDF): one short line, printed in several languages

sheet-phone-hint = On your phone: scan the code with the camera.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = This text was translated by machine and has not yet been checked by the municipality.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = This card is blocked and can no longer be used, so its code is not shown. Please contact the office that gave you the card.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = Give the card a nickname
nickname-label = Nickname (kept on this phone only)
nickname-save = Save the nickname
nickname-remove = Remove the nickname
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = Blocked
## Venue details on the list of offers and the phone card
offers-hours = Opening hours
offers-phone = Phone
offers-web = Website
offers-map = Show on map

# The scheme's contact details on the offers page and the phone card.
contact-heading = Questions about the card?
