# The caseworkers' and administrators' pages, English.
app-name = Activity card
nav-home = Home
nav-logout = Log out
lang-switch = Language
skip-to-content = Skip to content
setup-title = Create the first administrator
setup-intro = This link works once. Choose a user name and a password of at least 12 characters.
setup-need-link = Open the set-up link that the issuer printed in its console when it started (it holds a one-time code).
setup-done = The administrator has been created. Log in.
setup-closed = Set-up is already done. Log in.
field-username = User name
field-password = Password
field-password-repeat = Repeat the password
login-title = Log in
login-button = Log in
login-failed = Wrong user name or password.
login-throttled = Too many failed attempts. Try again in { $minutes } minutes.
setup-button = Create administrator
passwords-differ = The passwords do not match.
error-username = The user name must be 3–64 characters: letters, digits or . - _ @
error-password = The password must be 12–128 characters (a run of spaces counts as one).
error-setup-token = The set-up link is not valid (used, expired or mistyped). Restart the issuer to get a new one.
home-title = Welcome, { $user }
home-role-admin = You are an administrator.
home-role-caseworker = You issue cards for { $agency }.
error-title = Something went wrong
error-internal = Something went wrong on our side. Try again; if that does not help, contact the administrator.
error-not-found = This page does not exist.
error-forbidden = You do not have access to this page.
error-csrf = The form had expired or was not valid. Go back, reload the page and try again.
error-bad-request = The request could not be read.
bundle-missing = No bundle for the venues has been published yet (technical: trust bundle).
nav-issue = Issue cards
issue-title = Issue cards
issue-intro = Choose a card type and how many. You get a sheet of cards to print (10 per A4 page). Nothing about the child is entered here, and the cards are not stored.
field-card-type = Card type
field-count = Number of cards (1–500)
field-valid-from = Valid from (optional)
field-valid-until = Valid until (optional)
issue-window-hint = Leave the dates empty for the card type's usual validity.
issue-button = Make the card sheet (PDF)
issue-error-count = The number must be a whole number from 1 to 500.
issue-error-card-type = Choose a card type from the list.
issue-error-date = Write the date as YYYY-MM-DD, for example 2026-12-31.
issue-error-window = The card type does not allow this validity. Its usual validity is { $from }–{ $until }.
issue-error-past = The validity would end on { $until }, which has passed.
issue-error-no-key = No key can sign cards today (technical: signing key). Ask the administrator to start a new card key.
nav-staff = Agencies and users
nav-block = Block a card
staff-title = Agencies and users
staff-agencies = Agencies
staff-no-agencies = No agencies yet. Add the first (for example NAV or the school health service).
staff-add-agency = Add agency
staff-users = Users
staff-add-user = Add user
staff-agency-added = The agency { $name } has been added.
staff-user-added = The user { $name } has been added. Give them the password in a safe way; they choose their own at the first login.
field-agency-name = Agency name
field-role = Role
field-agency = Agency
field-initial-password = First password (at least 12 characters)
role-admin = Administrator
role-caseworker = Caseworker
error-agency-name = The agency needs a name of 1–100 characters that is not already in use.
error-username-taken = The user name { $name } is already in use.
error-agency-required = A caseworker must belong to an agency. Choose one, or add the agency first.
block-title = Block a card
block-intro = Has a family lost their card? Enter the card number printed on it. Venues get the block with their next update.
field-card-number = Card number
block-button = Block the card
block-done = Card { $number } is blocked. Venues learn of it with their next update (bundle { $version }).
block-already = Card { $number } was already blocked.
block-error-format = A card number has 9 characters, for example 7KX-M2Q-9DA.
block-error-check = The card number has a typo (its check character does not match). Check it against the card.
issue-one-button = Make one card (link and QR code)
issue-error-one = One single card at a time: set the number to 1, or make a card sheet.
card-title = The card
card-intro = Give the family the QR code or the link now. The card is not stored: once you leave this page, only the family has it.
card-validity = Validity
card-phone-link = Link to the card on a phone
card-journal-note = Journal note
card-journal-hint = Paste the journal note into your agency's own case system if you need to know who got the card.
card-download-png = Download QR (PNG)
card-download-svg = Download QR (SVG)
card-another = Make another card
journal-line = Activity card { $number }, { $cardtype }, valid { $from }–{ $until }
nav-catalogue = Venues and card types
cat-title = Venues and card types
cat-intro = Changes are published at once in a new bundle for the venues (technical: trust bundle); venues get them with their next update. Cards already handed out follow their card type as it is now.
cat-venues = Venues
cat-card-types = Card types
cat-add-venue = Add venue
cat-add-card-type = Add card type
cat-add-benefit = Add an offer to a card type
cat-add-benefit-button = Add offer
cat-saved = Saved and published as bundle { $version }.
field-venue-id = Venue id (in links and set-up)
hint-venue-id = Leave it empty and the id is made from the name and shown before the venue is added. Lower-case letters, digits and hyphens, for example bolgen-kino. The venue's scanner is set up with it, so it cannot be changed once the venue is added.
field-venue-name = Name
field-category = Kind of place
field-address = Address
field-name-nb = Name (Norwegian bokmål)
field-name-en = Name (English, optional)
field-age-min = From age
field-age-max = To age
field-validity = Validity
validity-calendar-year = The calendar year
validity-days = A number of days
validity-fixed = A fixed period (for example one day)
field-days = Number of days (for "a number of days")
field-fixed-from = From date (for a fixed period)
field-fixed-until = To date (for a fixed period)
field-benefit-nb = Name of the offer (bokmål), for example Kino
field-benefit-en = Name of the offer (English, optional)
field-benefit-venues = Where the offer applies
field-quota-count = Number of times
field-quota-per = Per
field-companion-free = One adult companion gets in free
period-day = day
period-week = week
period-month = month
period-year = year
period-validity = whole validity
category-cinema = Cinema
category-swimming = Swimming hall
category-museum = Museum
category-theatre = Theatre
category-amusement = Amusement park
category-activity = Activity
category-event = Event
category-transport = Transport
category-other = Other
ct-details = Age { $min }–{ $max } · { $validity }
error-venue-name = The venue needs a name (1–100 characters).
error-name-invisible = The name holds an invisible or control character (such as a zero-width space). Type it again without it.
error-name-bidi = The name holds a character that changes the direction of the text, which can make it show differently from what is stored. Type it again without it.
error-name-mixed-scripts = The name mixes letters of different alphabets (such as Latin and Cyrillic), which makes it look like another name. Write it in one alphabet.
error-venue-id = The id must be 1–64 characters of lower-case letters, digits and hyphens, and not already in use.
error-ct-name = The card type needs a name in bokmål (1–100 characters); names in other languages can have at most 100.
error-age = Ages must be whole numbers from 0 to 25, and "from" cannot be greater than "to".
error-days = The number of days must be from 1 to 366.
error-fixed = A fixed period needs two dates (YYYY-MM-DD), and "from" cannot be after "to".
error-benefit-name = The offer needs a name in bokmål (1–60 characters); names in other languages can have at most 60.
error-benefit-venues = Choose at least one venue where the offer applies.
error-quota = The number of times must be from 1 to 1000.
error-card-type-missing = Choose a card type from the list.
error-benefit-exists = The card type already has an offer with this name.
nav-activity = Activity and keys
act-title = Activity and keys
act-counts = Cards issued per month
act-no-counts = No cards have been issued yet.
act-month = Month
act-cards = Cards
act-keys = Keys
act-root = Fingerprint of the master key (technical: root key). Venues set up their scanner with it:
act-signing-key = Card key (technical: signing key)
act-signs = Signs cards issued
act-rotate = Start a new card key
act-rotate-hint = The card key signs the cards that are made (technical: signing key). A new key signs cards from today; cards already handed out keep working. The new key is published at once, and venues know new cards after their next update.
act-rotated = New card key { $key } is in use and published (bundle { $version }).
act-audit = Log
act-when = When
act-who = Who
act-what = What
nav-venue-setup = Set-up for venues
setup-venues-title = Set-up for venues
setup-venues-intro = Make a set-up code for each computer at a venue (the button below the venue's name) and give it to the venue as text or QR code. It tells the scanner where to fetch the bundle of card types, venues and blocked cards (technical: trust bundle), which master key to trust (technical: root key) and which venue it is at, and it holds a one-time registration code: the computer that uses it within 14 days gets its key for usage reports approved at once. Treat it like a key until it is used; it is shown only once here.
setup-venues-string = Set-up code
setup-venues-command = On the venue's computer:
setup-venues-new = New set-up code
setup-venues-made = New set-up code, for one computer, valid until { $expires }. It is shown only now: copy it or print this page.
setup-venues-offline = Offline:

## The JSON API (/api/v1)
api-json-only = Send the request as JSON (Content-Type: application/json).
api-too-large = The request is too large (at most { $max } bytes).
api-bad-json = The request could not be read: { $what }
api-login-required = Log in first (POST /api/v1/login) and send the token as Authorization: Bearer …; a session ends after 30 minutes unused.
api-caseworkers-only = Only caseworkers can issue cards.
api-bad-qr = "qr" must be "token" or "url".

field-status = Status
field-actions = Actions
staff-status-active = Active
staff-status-inactive = Deactivated
staff-you = (you)
staff-deactivate = Deactivate
staff-reactivate = Reactivate
staff-deactivate-hint = A deactivated user cannot log in, and is logged out at once. Their name stays in the log. You can reactivate them later.
staff-deactivated = { $name } has been deactivated and logged out everywhere.
staff-reactivated = { $name } has been reactivated and can log in again.
staff-already-active = { $name } was already active.
staff-already-inactive = { $name } was already deactivated.
error-user-unknown = There is no such user. Reload the page and try again.
error-deactivate-self = You cannot deactivate your own account. Ask another administrator.
error-last-admin = This is the last active administrator and cannot be deactivated. Add or reactivate another administrator first.
act-root-title = Replace the master key (technical: root key)
act-root-hint = The master key stands behind everything venues trust: it vouches for the card keys and the bundles venues download. Replace it if it may have leaked, or as planned. The old master key hands over to the new one in the venues' bundle, so venues follow the new one automatically with their next update; nothing needs to be done at the venues. The change is published at once. Venues set up from now on use the new fingerprint (the set-up codes show it).
act-root-confirm = I understand: a new master key is made and published at once, and venues follow it with their next update.
act-root-rotate = Replace the master key
act-root-rotated = New master key in use and published (bundle { $version }). Its fingerprint: { $fingerprint }
error-rotate-root-confirm = Tick the box to confirm that you want to replace the master key. Nothing was changed.
cat-edit = Edit
cat-remove = Remove
cat-no-offers = No offers yet.
cat-save = Save and publish
cat-back = Back to venues and card types
confirm-cancel = Cancel and go back (nothing is changed)
hint-venue-id-fixed = The id cannot be changed: the venue's scanner is set up with it, and the reports use it.
venue-edit-title = Edit the venue { $name }
error-venue-gone = This venue no longer exists (it may have been removed in the meantime).
venue-remove-title = Remove the venue { $name }?
venue-remove-intro = { $name } is left out of new bundles for the venues. Its scanner does not take a bundle without its own venue: it tells the staff that the venue was removed and keeps its last bundle, so it still accepts cards until it is switched off. Tell the venue.
venue-remove-no-offers = No offers apply at this venue.
venue-remove-offers = These offers lose the venue:
venue-remove-offer-goes = removed as well, since it has no other venue
venue-remove-goes-note = An offer with no venue left is removed together with the venue.
venue-remove-button = Remove { $name }
cat-venue-removed = The venue { $name } has been removed and published as bundle { $version }.
cat-offers-removed = Offers removed because they had no venue left: { $offers }.
error-ct-numbers = No more card type numbers are free.
ct-edit-title = Edit the card type { $name }
field-card-type-number = Card type number
hint-card-type-number = The number cannot be changed: it is printed into every card.
hint-validity-edit = Cards already handed out keep the dates printed on them; a new validity rule applies to new cards. Venues do check each card's dates against its card type's rule: a shorter or different rule makes them refuse cards whose dates it does not allow, and you are asked to confirm such a change.
confirm-validity-narrower = I understand that cards already handed out whose dates the new rule does not allow will be refused at venues.
error-validity-narrower = The new validity rule does not allow every card handed out under the old rule: venues would refuse some cards already in use. Tick the box below to confirm, or keep the old rule.
error-card-type-gone = This card type no longer exists (it may have been removed in the meantime).
ct-remove-title = Remove the card type { $name }?
ct-remove-issued = { $count ->
    [0] No cards of this type have been issued.
    [one] 1 card of this type has been issued.
   *[other] { $count } cards of this type have been issued.
}
ct-remove-refused = { $count ->
    [0] Caseworkers can no longer choose this card type, and venues forget it once they update.
   *[other] Those cards will stop being accepted at venues once the venues update, and caseworkers can no longer choose this card type.
}
ct-remove-number = This cannot be undone: the number { $id } is never used again, so cards of this type never become valid again.
ct-remove-button = Remove { $name }
cat-ct-removed = The card type { $name } has been removed and published as bundle { $version }. Its cards are refused at venues once they update.
benefit-edit-title = Edit the offer { $name } ({ $cardtype })
field-benefit-id = Offer id
hint-benefit-id-fixed = The id cannot be changed: venues count each card's visits per offer id.
field-quotas = How often
hint-quotas = Fill in one row or more, for example 1 per week and 10 per year: a visit needs room in every row. Empty rows are ignored; each row needs its own period.
error-quota-twice = Two rows have the same period. Give each row its own period, or empty one of them.
error-quota-none = Fill in at least one row of how often (a number from 1 to 1000 and a period).
error-benefit-gone = This offer no longer exists (it may have been removed in the meantime).
benefit-remove-title = Remove the offer { $name } from { $cardtype }?
benefit-remove-intro = Cards of the type { $cardtype }, also those already handed out, no longer give { $name } once the venues update.
benefit-remove-button = Remove { $name }
cat-benefit-removed = The offer { $name } has been removed from { $cardtype } and published as bundle { $version }.

## The families' text (/admin/texts)
nav-texts = Texts for families
texts-title = Texts for families
texts-intro = Here the municipality can write its own text instead of the built-in one, for the card on the phone and the list of offers (/tilbud), in each language. A change applies at once, without a new version of the program. Remove your text to use the built-in one again.
texts-variables = Variables such as { "{ $count }" } are filled in by the page and must be kept exactly as written. Never write anything about income, need or who the card is for.
texts-language = Language
texts-needs-review = needs review by a native speaker
texts-unreviewed = The built-in text in this language is a machine translation that no native speaker has reviewed yet. Have it checked if you can.
texts-count = The municipality's own texts in this language: { $count }.
texts-see-offers = See the list of offers in this language
texts-builtin = Built-in text:
texts-current = The municipality's text now:
texts-new = New text
texts-save = Save
texts-remove = Use the built-in text
texts-saved = The text { $id } ({ $lang }) has been saved and applies at once.
texts-removed = The text { $id } ({ $lang }) is back to the built-in one.
texts-not-saved = The text { $id } was not saved: { $reason }
texts-error-unknown-id = This message does not exist. Reload the page.
texts-error-empty = The text is empty. To go back to the built-in text, press "Use the built-in text".
texts-error-too-long = The text is too long (at most { $max } characters).
texts-error-syntax = The text has an error: check that every {"{"} has a matching {"}"}.
texts-error-variable = The text uses { "{" } ${ $name } { "}" }, which this message does not have. Use only the variables of the built-in text.
cat-public-list = See the public list of places and offers, as families see it

# Usage reports and venue keys (SPEC §13.4)
nav-usage = Usage and settlement
nav-venue-keys = Venue keys
report-too-large = The report file is too large (at most { $max } bytes).
report-malformed = The file is not a usage report, or it is damaged.
report-unsupported = The report uses format { $format }, which this issuer does not know. Update the issuer.
report-bad-signature = The report's signature is not valid: it was changed after it was signed, or it is not signed.
report-invalid = The report is not valid: { $reason }
report-unknown-key = The key that signed this report (fingerprint { $fingerprint }) is not approved for venue { $venue }. An administrator approves venue keys under Venue keys.
report-stored = Report { $id } is stored: { $rows } rows of counts.
report-older = Report { $id } is older than the one already stored; nothing was changed.
venue-key-unknown-venue = There is no venue «{ $venue }» in the catalogue.
venue-key-bad = The public key is not valid: it must be 64 hex digits of an Ed25519 public key, as “verifier key” shows it.
venue-key-other-venue = This key is already registered for another venue.
venue-key-revoked = This key has been revoked. The venue needs a new key.
venue-key-registration-required = Registering a venue key needs the one-time registration code of a set-up code, and none came with this one (a set-up code from before such codes existed, or a set-up by parts). Ask the administrator for a new set-up code (Set-up for venues), then run `verifier register --setup CODE`.
venue-key-bad-registration = The registration code of this set-up code has been used, has expired or is for another venue. Each code sets up one computer, within 14 days. Ask the administrator for a new set-up code (Set-up for venues), then run `verifier register --setup CODE`.
venue-key-gone = That key is no longer waiting for this action (someone may have handled it already).
venue-key-approved = The key of { $venue } ({ $fingerprint }) is approved; its reports are accepted.
venue-key-rejected = The key of { $venue } ({ $fingerprint }) was rejected and removed.
venue-key-revoked-done = The key of { $venue } ({ $fingerprint }) is revoked; its reports are refused from now on. The counts it sent are kept.
venue-key-added = The key of { $venue } ({ $fingerprint }) is added and approved.
vk-title = Venue keys
vk-intro = Each venue computer signs its usage reports with its own key. A key counts only once an administrator has approved it. Reports hold counts only, never cards or people.
vk-pending = Waiting for approval
vk-compare = Before you approve: ask the venue to run “verifier key” and compare the fingerprint it shows with the one here, group by group. Approve only if every group is the same.
vk-none-pending = No keys are waiting.
vk-approved = Approved keys
vk-none-approved = No keys are approved yet.
vk-revoked = Revoked keys
vk-fingerprint = Fingerprint
vk-received = Received
vk-approved-when = Approved
vk-revoked-when = Revoked
vk-decide = Action
vk-approve = Approve
vk-reject = Reject
vk-revoke-confirm = Revoking cannot be undone: the venue computer will need a new key.
vk-revoke-unconfirmed = Tick the box to confirm that the key is to be revoked; nothing was changed.
vk-revoke = Revoke
vk-add-title = Add a key by hand (venue without internet)
vk-public-key = Public key (64 hex digits)
vk-add-hint = At the venue, “verifier key” shows the public key. The key is approved at once.
vk-add = Add and approve
usage-title = Usage and settlement
usage-intro = Cards handed out come from the issuer's own counts; visits come from the venues' signed reports. Both are counts: no card, card number or person is behind them.
usage-month = Month
usage-month-hint = As YYYY-MM, for example 2026-11.
usage-show = Show
usage-bad-month = That is not a month (YYYY-MM). Showing { $month }.
usage-overview-csv = Download the whole overview (CSV)
usage-issued-title = Cards handed out
usage-issued-caption = Cards handed out per card type and month, { $from } to { $until }
usage-venues-title = Visits per venue
usage-venues-caption = Visits per venue, { $month }
usage-benefits-title = Visits per offer
usage-benefits-caption = Visits per offer and card type, { $month }
usage-agency-title = Cards handed out per agency
usage-agency-caption = Cards handed out per agency and card type, { $month }
usage-quota-title = Share of quota used (estimate)
usage-quota-caption = Share of quota used, { $month }
usage-quota-formula = For each offer with a quota per year or per whole validity: the visits this month divided by the cards of that type handed out in the last 12 months times the quota. It is an estimate, because cards handed out are counted, not followed.
usage-no-visits = No reports with visits in this month.
usage-venue = Venue
usage-benefit = Offer
usage-visits = Visits
usage-companions = Companions free
usage-settlement = Settlement
usage-settlement-csv = Settlement (CSV)
usage-total = Total
usage-quota = Quota
usage-issued-12 = Cards handed out, last 12 months
usage-allowance = Visits allowed
usage-share = Share used
usage-upload-title = Upload a report from a venue
usage-upload-file = Report file
usage-upload-hint = A file made at a venue without internet with “verifier report --month YYYY-MM --out FILE”. Its signature and venue key are checked; sending it again replaces, never adds.
usage-upload = Upload
usage-upload-none = Choose a report file first.
csv-day = day
csv-venue-id = venue_id
csv-venue = venue
csv-card-type-id = card_type_id
csv-card-type = card_type
csv-benefit-id = benefit_id
csv-benefit = benefit
csv-visits = visits (exact counts: for this venue only)
csv-companions = companions (exact counts)

## Login throttling (issue 13)
login-throttled-seconds = Too many failed attempts. Try again in { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
}.

## Passwords and sessions (issue 13)
error-password-guessable = This password is too easy to guess (a common or leaked password, a repetition or a keyboard run). A few unrelated words are better.
error-password-same = The new password must differ from the current one.
error-current-password = The current password is wrong.
error-reset-self = Change your own password on your account page.
nav-password = Change password
nav-sessions = Your sessions
account-password-title = Change password
account-password-intro = Type your current password, then a new one of at least 12 characters, twice. A few unrelated words make a good password. Your other sessions end.
account-password-must-change = Your password was set by an administrator. Choose your own before you go on.
account-password-button = Change password
account-password-changed = Your password has been changed. { $ended ->
    [0] You had no other sessions.
    [one] One other session was ended.
   *[other] { $ended } other sessions were ended.
}
field-current-password = Current password
field-new-password = New password (at least 12 characters)
account-sessions-title = Your sessions
account-sessions-intro = Where you are logged in now (browsers and the API), newest first. No address or browser is stored, only the times. If you do not recognise one, log out everywhere else and change your password.
field-session-created = Logged in
field-session-last-seen = Last used
field-session-this = This session
account-session-this = This session
account-sessions-end-others = Log out everywhere else
account-sessions-ended = { $ended ->
    [0] You had no other sessions.
    [one] One other session was ended.
   *[other] { $ended } other sessions were ended.
}
staff-reset-password = Reset password
staff-password-reset = New temporary password for { $name }: { $password } — give it to them in a safe way. It is shown only now; they must choose their own at the next login. Their sessions have ended.
api-password-change-required = This account must choose a new password in the browser first (/account/password).

## API tokens (issue 13)
nav-api-tokens = API tokens
account-api-tokens-title = API tokens
account-api-tokens-intro = A token lets your agency's own case system issue cards in your name through the API (Authorization: Bearer …). Give each system its own named token, and revoke it when it is no longer used. Tokens made by POST /api/v1/login end after 30 minutes unused.
account-api-tokens-none = You have no API tokens.
account-api-token-made = Your new token. Copy it now: it is shown only this once.
account-api-token-revoke = Revoke
account-api-token-revoked = The token has been revoked.
account-api-token-gone = The token no longer exists.
account-api-token-create = Make a token
field-api-token = Token
field-api-token-name = Name (e.g. the system that uses it)
field-api-token-expires = Ends
field-api-token-days = Lifetime in days (1–365)
error-api-token = A token needs a name of 1–60 characters and a lifetime of 1–365 days.
usage-suppressed = No small cells: a count from 1 to { $threshold } minus 1 shows as “< { $threshold }”, and a count that could otherwise be worked out from a total and the other counts shows as “x” (the total too). The charts draw such counts as 0. The same goes for the CSV overview.
usage-small-type = The card type “{ $name }” has fewer than { $threshold } cards handed out in the last 12 months: its counts will mostly show as “< { $threshold }” or “x”. Merge it with another card type if its numbers are needed.
usage-small-agency = The agency “{ $name }” has handed out fewer than { $threshold } cards in the last 12 months: its counts will mostly show as “< { $threshold }” or “x”.
usage-settlement-exact = The settlement files (CSV) hold exact counts per day: they are for the venue itself, which knows its own numbers. Do not pass them on.

## Cards that last, sibling sheets (issue 15)
validity-roll-over = The calendar year; cards issued from { $date } are valid until the end of next year
validity-months = A number of months
field-roll-over = Cards issued from this date are valid until the end of next year (day.month, optional; for the calendar year)
hint-roll-over = For example 01.11: cards issued from 1 November are valid until the end of next year. Leave it empty if cards should always end on 31.12. the same year.
field-months = Number of months (for "a number of months", 1–36)
error-roll-over = Write the date as day.month, for example 01.11. It must exist every year (not 29.02) and cannot be 01.01.
error-months = The number of months must be from 1 to 36.
issue-period = Period
issue-period-current = Usual validity
issue-period-next = Next year ({ $year })
issue-period-none = Cannot be chosen for this card type
issue-validity-caption = This is printed on the cards if you make them now:
issue-error-period = The period { $period } cannot be chosen for this card type today. You can choose { $allowed }.
issue-error-period-none = This card type has no periods to choose from: its cards are valid { $from }–{ $until }. Choose "Usual validity".
issue-error-period-form = The period must be a year, for example 2027.
word-or = or
issue-siblings = Siblings: several card types on one sheet
issue-siblings-hint = For example cards for two age groups (such as 0–13 and 14–18) for the same family, printed together.
field-card-type2 = Second card type (optional)
field-count2 = Number of cards of the second card type
issue-error-same-type = Choose two different card types, or raise the number of the first.
usage-reporting-title = Reports from the venues
usage-reporting-caption = Every venue and its last report, for { $month }
usage-report-last = Last report received
usage-report-month = Report for the month
usage-report-never = Never
usage-report-received = Report for { $month } received
usage-no-report = No report for { $month }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
csv-overview-section = section
csv-overview-month = month
csv-overview-agency = agency
csv-overview-venue = venue
csv-overview-card_type = card_type
csv-overview-benefit = benefit
csv-overview-cards = cards
csv-overview-visits = visits
csv-overview-companions = companions
csv-overview-quota = quota
csv-overview-share = share
## Ticket budgets per venue (issue 15)
usage-budgets-title = Ticket budgets per venue
usage-budgets-intro = How many visits each venue gives in the current period, how many its stations have reported used, and how many are left. The counts are for the whole venue (all its stations, all card types). From 80 % used a warning is shown, so that the municipality can buy more tickets before children are turned away.
usage-budgets-caption = Ticket budgets today, from the stations' reports
usage-budget = Budget
usage-budget-period = Period
usage-budget-used = Used
usage-budget-left = Left
usage-budget-warn = { $venue } · { $benefit }: at least 80 % of the tickets are used, { $left } left. Buy more before children are turned away.
usage-budget-full = { $venue } · { $benefit }: all tickets are used. The stations now refuse cards for this offer until the next period.
error-budget = A ticket budget needs an offer given at the venue, a number from 0 to 1,000,000 and a period (day, week, month or year).
venue-budgets-title = Ticket budgets
venue-budgets-intro = How many visits the venue gives in all per period for an offer, for all cards and card types together. When a budget is used up, the stations refuse cards with "all tickets are used" until the next period. Where the venue has several stations, the budget is divided between them (verifier settings --budget-share N/M).
venue-budgets-none = No ticket budgets.
venue-budget-offer = Offer
venue-budget-count = Number of visits
venue-budget-per = Per
venue-budget-add = Save budget
venue-budget-remove = Remove
# Duplicate check (one card per child, across agencies)
nid-error-format = A national identity number or D-number has 11 digits. Check that no digit is missing or extra.
nid-error-date = The first six digits of the national identity number are the birth date (DDMMYY), and they are not a date. Check them.
nid-error-check = The national identity number has a typo: its check digits do not match. Check all 11 digits.
dup-month = { $month ->
    [m1] January
    [m2] February
    [m3] March
    [m4] April
    [m5] May
    [m6] June
    [m7] July
    [m8] August
    [m9] September
    [m10] October
    [m11] November
   *[m12] December
} { $year }
dup-error-missing = This card type has the duplicate check: type the child's national identity number or D-number.
dup-error-not-asked = This card type has no duplicate check. Leave the national identity number empty.
dup-error-one = With the duplicate check, cards are made one at a time: set the count to 1.
dup-error-duplicate = The child already has a valid card of this type: the first was made by { $agency } in { $month }.
dup-override-web = If the child should have a new card anyway, choose a reason below and type the national identity number again.
dup-override-api = If the child should have a new card anyway, send "override": "lost_card" (with "old_card_number", which is blocked) or "assessed_exception".
dup-error-reason = Choose a reason from the list.
dup-error-old-card = Type the number of the lost card (9 characters, for example 7KX-M2Q-9DA). It will be blocked.
dup-reason-none = None (an ordinary card)
dup-reason-lost-card = Replaces a lost card (the old one is blocked)
dup-reason-assessed = Assessed exception
dup-legend = Duplicate check: one card per child
dup-intro = For { $types } we ask for the child's national identity number or D-number, so that no child gets the same card from several agencies. The number is not stored: only a keyed pseudonym with the card type, agency, month and end of validity, deleted when the card expires. For other card types, leave the field empty.
field-national-id = Child's national identity number or D-number (11 digits)
dup-override-summary = The child already has a card of this type?
dup-override-hint = Choose a reason only when a new card is right anyway. The reason is written to the log (without the national identity number).
field-dup-reason = Reason
field-old-card = Number of the lost card
dup-admin-title = Duplicate check
dup-admin-link = Duplicate check
dup-admin-status-on = The duplicate check is on. Entries now: { $count }.
dup-admin-status-off = The duplicate check is off (the default).
dup-admin-intro = With the duplicate check, the caseworker must type the child's national identity number or D-number when making cards of this type (on the web page and in the API), and a child who already has a valid card of the type gets no other without a reason. Card sheets of the type cannot be made on the command line.
dup-admin-privacy = This is personal data in pseudonymous form: a keyed pseudonym of the number, with the card type, agency, month and end of validity. Whoever has both the key (in keys/) and the database can test a known number. Do a data-protection impact assessment (DPIA) before switching it on; see docs/PRIVACY.md.
dup-admin-on = Switch on the duplicate check for this card type
dup-admin-off-hint = Switching it off deletes all the card type's entries at once.
dup-admin-back = Back to the card type
dup-admin-saved-on = The duplicate check is switched on.
dup-admin-saved-off = The duplicate check is switched off. { $count } entries were deleted.
issue-intro-dup = Choose a card type and a count. You get a sheet of cards to print (10 per A4 page), and the cards are not stored. For card types with the duplicate check the form asks for the child's national identity number (below); otherwise nothing about the child is entered here.

## `issuer backup` and `issuer restore` (command line)
backup-no-issuer = { $path } holds no issuer: no database or key directory to back up.
backup-io = Could not read or write { $path }: { $detail }
backup-sqlite = SQLite could not copy the database { $path }: { $detail }
backup-weak-passphrase = The passphrase is too short: use at least { $min } characters.
backup-no-secret = Give a passphrase (--passphrase-file, or the environment variable ISSUER_BACKUP_PASSPHRASE) or an age key (--recipient to back up, --identity to restore).
backup-bad-age-key = That is not an age key: { $detail }
backup-encrypt = Encrypting the backup failed: { $detail }
backup-not-a-backup = This file is not a backup of the activity card issuer. Nothing was written.
backup-wrong-passphrase = The passphrase (or age key) does not open this backup. Nothing was written.
backup-damaged = The backup is damaged (cut short or changed): { $detail }. Nothing was written; use another copy.
backup-inconsistent = The backup's data does not pass the issuer's checks: { $detail }. Nothing was written.
backup-target-not-empty = { $path } is not empty. Restore into a new or empty directory, or add --replace-existing to move the existing one aside.
backup-written = Backup written to { $path } (database and keys, encrypted). Keep the passphrase or age key apart from it.
backup-restored = Restored into { $path }. Root key fingerprint: { $fingerprint } (venues keep working without a new set-up).
backup-moved-aside = The directory that was there has been moved to { $path }.
setup-venues-station = Or: a phone or tablet as the station
setup-venues-station-how = Scan this code with the phone's camera, or open the link in the browser. The page becomes the venue's station, works offline after the first time and scans cards with the camera. The link holds the same one-time code as the set-up code above: use it on one device.
setup-venues-station-link = Link to the station page
station-no-core = This browser cannot run the station (it lacks WebAssembly, or it is turned off). Use a newer browser, or the verifier program on a computer.

## Opening the database (every command; upgrades)
db-newer-schema = The database { $path } was written by a newer version of the issuer (schema { $found }; this version knows up to { $known }). Nothing was changed. Start the newer issuer again, or, to go back to this version, put back the copy taken before the upgrade (backups/pre-upgrade-{ $known }-to-{ $found }.sqlite in the data directory) as README.md, "Upgrades", says.
root-key-offline = The root key is not on this server (it was exported and removed). Bring it back first: issuer keys import-root FILE --passphrase-file FILE, with the file issuer keys export-root wrote and its passphrase. Then try again, and remove the key again afterwards with issuer keys remove-root.
root-key-not-this-root = This file holds another root key (fingerprint { $given }), not this issuer's ({ $expected }). Nothing was changed.
root-key-already-here = The root key is already on this server. Nothing was changed.
root-key-not-a-root-key = This file is not an exported root key of the activity card issuer (issuer keys export-root writes one).
root-key-delegation-expired = The bundle key may sign trust bundles only until { $until }, and the root key is not on this server. Bring the root key back with issuer keys import-root FILE --passphrase-file FILE: that renews the bundle key for two years.
root-key-other = { $detail }
root-key-exported = The root key is written, encrypted, to { $path }. Keep that file and its passphrase offline, in two separate safe places. Then remove the key from this server with: issuer keys remove-root --export { $path } --passphrase-file FILE
root-key-removed = The root key is removed from this server (fingerprint { $fingerprint }, unchanged for venues). Trust bundles are now signed by the bundle key, which may sign until { $until }. Bring the root key back (issuer keys import-root) before then, and for a root rotation.
root-key-imported = The root key is back on this server (fingerprint { $fingerprint }). The bundle key may now sign until { $until }. Rotate the root now if you need to, then remove the key again with issuer keys remove-root.

# Blocking asks for confirmation; an administrator can undo a block.
block-next-hint = You will see what happens before the card is blocked.
block-next-button = Continue
block-confirm-title = Block card { $number }?
block-confirm-venues = Venues refuse the card after their next update (usually within a quarter of an hour when they are online).
block-confirm-phone = The card on the phone shows that it is blocked, and no longer shows the QR code.
block-confirm-undo = Only an administrator can undo the block later.
blocks-title = Blocked cards
blocks-none = No card is blocked.
blocks-when = Blocked
blocks-by = By
blocks-action = Action
unblock-link = Undo block
unblock-confirm-title = Undo the block of card { $number }?
unblock-confirm-venues = Venues accept the card again after their next update, as long as it is otherwise valid.
unblock-confirm-phone = The card on the phone shows its QR code again once it has fetched the new list.
unblock-button = Undo the block
unblock-done = The block of card { $number } is undone. Venues learn of it with their next update (bundle { $version }).
unblock-not-blocked = Card { $number } is not blocked.

# The issue page says what a card type gives; the sheet is held for the session; copy and print of one card.
issue-gives-title = What “{ $cardtype }” gives
issue-gives-for = For
issue-gives-validity = Printed on the cards if you make them now
issue-gives-window = from { $from } to { $until }
issue-gives-none = The card type gives no offers yet.
issue-gives-where = Where:
issue-gives-companion = One adult companion gets in free.
issue-sheet-ready = The card sheet is ready: { $count ->
    [one] { $count } card
   *[other] { $count } cards
}, valid { $validity }.
issue-sheet-download = Download the card sheet (PDF)
issue-sheet-held = You can download it again from here for 30 minutes while you are logged in. It is kept only in the server's memory and deleted when you log out.
word-and = and
card-copy-link = Copy the link
card-copied = The link is copied.
card-copy-failed = Could not copy automatically. The link is selected: press Ctrl+C (or long-press it) to copy.
card-print = Print the card
root-key-warn-ends-soon = Warning: the master key (technical: root key) is not on this server, and the stand-in key that signs the venues' bundles (technical: bundle key) may do so only until { $until } ({ $days } days left). Bring the master key back with issuer keys import-root before then, to renew it.
root-key-warn-ended = Warning: the master key (technical: root key) is not on this server, and the stand-in key's time to sign the venues' bundles (technical: bundle key) ended on { $until }: no new bundle can be published (blocked cards, new keys and changes to venues and card types do not reach venues) until the master key is brought back with issuer keys import-root.
root-key-warn-missing = Warning: the master key (technical: root key) is not on this server and no stand-in key (technical: bundle key) is set up: no new bundle for the venues can be published until the master key is brought back with issuer keys import-root.
root-key-publish-blocked = The change is saved, but venues cannot get it yet: no new bundle could be published, because the master key (technical: root key) is not on this server and the stand-in key's time (technical: bundle key) has ended. Venues get the change once an administrator brings the master key back (issuer keys import-root) and a bundle is published.

## The administrator's start page, navigation and the scheme's contact details (issue 19)
nav-admin = Administration
nav-scheme = The scheme and contact
home-todo-title = To do
home-todo-none = Nothing needs doing now.
home-todo-venue-keys = { $count ->
    [one] One venue key is waiting for approval.
   *[other] { $count } venue keys are waiting for approval.
}
home-todo-not-set-up = These venues have no set-up code yet, so no station checks cards there: { $venues }.
home-todo-not-reported = No usage report for { $month } from: { $venues }.
home-todo-never-reported = Set up, but no usage report sent yet: { $venues }.
home-todo-no-signing-key = No key can sign cards today, so no cards can be made. Start a new card key under Activity and keys (technical: signing key).
home-todo-signing-key-ends = The card key, which signs the cards (technical: signing key), works only until { $until } ({ $days } days left). Start a new one under Activity and keys before then.
home-status-title = Status
home-status-bundle = Venues should now have bundle no. { $version } (technical: trust bundle), published { $when }.
home-status-no-bundle = No bundle for the venues has been published yet.
home-status-venues = { $set_up } of { $venues } venues have a station set up.
home-account = Your account
scheme-title = The scheme and contact
scheme-intro = The scheme's name and the contact details families and venues see. Changes are saved and published at once in a new bundle for the venues (technical: trust bundle).
field-scheme-name = The scheme's name
hint-scheme-name = As families see it, for example "Aktivitetskort Larvik" (1–100 characters).
scheme-contact = Contact for families and venues (optional)
hint-scheme-contact = Use a shared mailbox and a switchboard or service number, not one employee's e-mail or mobile: these details are in the bundle venues download and may be shown to families.
field-contact-phone = Phone
field-contact-email = E-mail
field-contact-web = Web page
error-scheme-name = The scheme needs a name of 1–100 characters.
error-contact-phone = The phone number needs at least 3 digits and only spaces, +, -, ., ( and ) besides (at most 30 characters).
error-contact-email = The e-mail address must look like name@kommune.no (no spaces).
error-contact-web = The web page must start with https:// and have a domain, for example https://www.larvik.kommune.no.

## Venue details, ids made from names, names in the family languages
venue-id-proposed = The venue gets the id “{ $id }”, made from its name. Change it if you like, and press “Add venue” again. After that, the id cannot be changed.
field-opening-hours = Opening hours (bokmål, optional)
hint-opening-hours = As families should read them, for example “Man–fre 10–20, lør–søn 12–18”.
field-opening-hours-other = Opening hours in other languages (optional; empty: bokmål is shown)
field-phone = Telephone (optional)
field-web = Web page (optional)
field-map = Map link (optional)
hint-map = Empty: families get a link to the address on OpenStreetMap.
field-names-other = Name in other languages (optional; empty: bokmål is shown)
field-benefit-names-other = Name of the offer in other languages (optional; empty: bokmål is shown)
cat-names-other = Names in other languages:
cat-nb-used = (bokmål is shown)
error-venue-hours = Opening hours can be at most 200 characters in each language, on one line.
error-venue-phone = A telephone number has digits, spaces, hyphens, brackets and a leading + (at least 3 digits, at most 30 characters).
error-venue-web = The web page must be an address starting with https:// (or http://), for example https://bolgen.no.
error-venue-map = The map link must be an address starting with https:// (or http://). Leave it empty to link to the address on a map.

# The start page: a new scheme's first things to do.
home-todo-no-caseworker = No caseworker can issue cards yet. Add an agency and a caseworker.
home-todo-no-contact = Families do not see whom to ask about the card. Add a phone number, e-mail address or web page for the scheme.

# The catalogue's venue table: what families see of each venue.
field-families-see = Families see
venue-shows-address = address
venue-shows-hours = opening hours
venue-shows-phone = phone
venue-shows-web = web page
venue-shows-map = own map link
venue-shows-address-only = only the address and a map search
