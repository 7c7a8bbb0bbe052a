# The caseworkers' and administrators' pages, Norwegian bokmål.
app-name = Aktivitetskort
nav-home = Forsiden
nav-logout = Logg ut
lang-switch = Språk
skip-to-content = Hopp til innholdet
setup-title = Opprett den første administratoren
setup-intro = Denne lenken virker én gang. Velg brukernavn og et passord på minst 12 tegn.
setup-need-link = Åpne oppsettlenken som utstederen skrev ut i konsollen da den startet (den inneholder en engangskode).
setup-done = Administratoren er opprettet. Logg inn.
setup-closed = Oppsettet er allerede gjort. Logg inn.
field-username = Brukernavn
field-password = Passord
field-password-repeat = Gjenta passordet
login-title = Logg inn
login-button = Logg inn
login-failed = Feil brukernavn eller passord.
login-throttled = For mange mislykkede forsøk. Prøv igjen om { $minutes } minutter.
setup-button = Opprett administrator
passwords-differ = Passordene er ikke like.
error-username = Brukernavnet må ha 3–64 tegn: bokstaver, tall eller . - _ @
error-password = Passordet må ha 12–128 tegn (flere mellomrom etter hverandre teller som ett).
error-setup-token = Oppsettlenken er ikke gyldig (brukt, utløpt eller feilskrevet). Start utstederen på nytt for å få en ny.
home-title = Velkommen, { $user }
home-role-admin = Du er administrator.
home-role-caseworker = Du deler ut kort for { $agency }.
error-title = Noe gikk galt
error-internal = Noe gikk galt hos oss. Prøv igjen; hjelper ikke det, kontakt administratoren.
error-not-found = Siden finnes ikke.
error-forbidden = Du har ikke tilgang til denne siden.
error-csrf = Skjemaet var utløpt eller ugyldig. Gå tilbake, last siden på nytt og prøv igjen.
error-bad-request = Forespørselen kunne ikke leses.
bundle-missing = Ingen pakke til stedene er publisert ennå (teknisk: tillitspakke).
nav-issue = Lag kort
issue-title = Lag kort
issue-intro = Velg korttype og antall. Du får et ark med kort å skrive ut (10 per A4-side). Ingenting om barnet skal skrives inn her, og kortene lagres ikke.
field-card-type = Korttype
field-count = Antall kort (1–500)
field-valid-from = Gyldig fra (valgfritt)
field-valid-until = Gyldig til (valgfritt)
issue-window-hint = La datoene stå tomme for korttypens vanlige gyldighet.
issue-button = Lag kortark (PDF)
issue-error-count = Antall må være et tall fra 1 til 500.
issue-error-card-type = Velg en korttype fra listen.
issue-error-date = Datoen må skrives som ÅÅÅÅ-MM-DD, for eksempel 2026-12-31.
issue-error-window = Korttypen tillater ikke denne gyldigheten. Vanlig gyldighet er { $from }–{ $until }.
issue-error-past = Gyldigheten ville sluttet { $until }, og den datoen er passert.
issue-error-no-key = Ingen nøkkel kan signere kort i dag (teknisk: signeringsnøkkel). Be administratoren ta i bruk en ny kortnøkkel.
nav-staff = Etater og brukere
nav-block = Sperr et kort
staff-title = Etater og brukere
staff-agencies = Etater
staff-no-agencies = Ingen etater ennå. Legg til den første (for eksempel NAV eller helsestasjonen).
staff-add-agency = Legg til etat
staff-users = Brukere
staff-add-user = Legg til bruker
staff-agency-added = Etaten { $name } er lagt til.
staff-user-added = Brukeren { $name } er lagt til. Gi passordet til personen på en trygg måte; de velger sitt eget ved første innlogging.
field-agency-name = Etatens navn
field-role = Rolle
field-agency = Etat
field-initial-password = Første passord (minst 12 tegn)
role-admin = Administrator
role-caseworker = Saksbehandler
error-agency-name = Etaten trenger et navn på 1–100 tegn som ikke allerede er i bruk.
error-username-taken = Brukernavnet { $name } er allerede i bruk.
error-agency-required = En saksbehandler må høre til en etat. Velg en, eller legg til etaten først.
block-title = Sperr et kort
block-intro = Har en familie mistet kortet? Skriv inn kortnummeret som står på kortet. Stedene får sperringen neste gang de oppdaterer.
field-card-number = Kortnummer
block-button = Sperr kortet
block-done = Kort { $number } er sperret. Stedene får beskjed ved neste oppdatering (pakke { $version }).
block-already = Kort { $number } var allerede sperret.
block-error-format = Et kortnummer har 9 tegn, for eksempel 7KX-M2Q-9DA.
block-error-check = Kortnummeret har en skrivefeil (kontrolltegnet stemmer ikke). Sjekk det mot kortet.
issue-one-button = Lag ett kort (lenke og QR-kode)
issue-error-one = Ett enkeltkort om gangen: sett antall til 1, eller lag et kortark.
card-title = Kortet
card-intro = Gi familien QR-koden eller lenken nå. Kortet lagres ikke: når du forlater siden, finnes det bare hos familien.
card-validity = Gyldighet
card-phone-link = Lenke til kortet på mobilen
card-journal-note = Journalnotat
card-journal-hint = Lim inn journalnotatet i etatens eget saksbehandlingssystem hvis dere trenger å vite hvem som fikk kortet.
card-download-png = Last ned QR (PNG)
card-download-svg = Last ned QR (SVG)
card-another = Lag et nytt kort
journal-line = Aktivitetskort { $number }, { $cardtype }, gyldig { $from }–{ $until }
nav-catalogue = Steder og korttyper
cat-title = Steder og korttyper
cat-intro = Endringer publiseres straks i en ny pakke til stedene (teknisk: tillitspakke); stedene får dem neste gang de oppdaterer. Kort som allerede er delt ut, følger korttypen slik den er nå.
cat-venues = Steder
cat-card-types = Korttyper
cat-add-venue = Legg til sted
cat-add-card-type = Legg til korttype
cat-add-benefit = Legg til et tilbud på en korttype
cat-add-benefit-button = Legg til tilbud
cat-saved = Lagret og publisert som pakke { $version }.
field-venue-id = Stedets id (i lenker og oppsett)
hint-venue-id = La feltet stå tomt, så lager vi id-en av navnet og viser den før stedet legges til. Små bokstaver, tall og bindestrek, for eksempel bolgen-kino. Stedets skanner settes opp med den, så den kan ikke endres etter at stedet er lagt til.
field-venue-name = Navn
field-category = Type sted
field-address = Adresse
field-name-nb = Navn (bokmål)
field-name-en = Navn (engelsk, valgfritt)
field-age-min = Fra alder
field-age-max = Til alder
field-validity = Gyldighet
validity-calendar-year = Kalenderåret
validity-days = Et antall dager
validity-fixed = Fast periode (for eksempel én dag)
field-days = Antall dager (for «et antall dager»)
field-fixed-from = Fra dato (for fast periode)
field-fixed-until = Til dato (for fast periode)
field-benefit-nb = Tilbudets navn (bokmål), for eksempel Kino
field-benefit-en = Tilbudets navn (engelsk, valgfritt)
field-benefit-venues = Hvor tilbudet gjelder
field-quota-count = Antall ganger
field-quota-per = Per
field-companion-free = En voksen ledsager går gratis
period-day = dag
period-week = uke
period-month = måned
period-year = år
period-validity = hele gyldigheten
category-cinema = Kino
category-swimming = Svømmehall
category-museum = Museum
category-theatre = Teater
category-amusement = Fornøyelsespark
category-activity = Aktivitet
category-event = Arrangement
category-transport = Transport
category-other = Annet
ct-details = Alder { $min }–{ $max } · { $validity }
error-venue-name = Stedet trenger et navn (1–100 tegn).
error-name-invisible = Navnet inneholder et usynlig tegn eller kontrolltegn (som et mellomrom uten bredde). Skriv det på nytt uten.
error-name-bidi = Navnet inneholder et tegn som endrer skriveretningen, slik at det kan vises annerledes enn det er lagret. Skriv det på nytt uten.
error-name-mixed-scripts = Navnet blander bokstaver fra ulike alfabeter (som latinsk og kyrillisk), slik at det ligner et annet navn. Skriv det med ett alfabet.
error-venue-id = Id-en må ha 1–64 tegn: små bokstaver, tall og bindestrek, og ikke være brukt fra før.
error-ct-name = Korttypen trenger et navn på bokmål (1–100 tegn); navn på andre språk kan ha høyst 100 tegn.
error-age = Alder må være hele tall fra 0 til 25, og «fra» kan ikke være større enn «til».
error-days = Antall dager må være et tall fra 1 til 366.
error-fixed = Fast periode trenger to datoer (ÅÅÅÅ-MM-DD), og «fra» kan ikke være etter «til».
error-benefit-name = Tilbudet trenger et navn på bokmål (1–60 tegn); navn på andre språk kan ha høyst 60 tegn.
error-benefit-venues = Velg minst ett sted der tilbudet gjelder.
error-quota = Antall ganger må være et tall fra 1 til 1000.
error-card-type-missing = Velg en korttype fra listen.
error-benefit-exists = Korttypen har allerede et tilbud med dette navnet.
nav-activity = Aktivitet og nøkler
act-title = Aktivitet og nøkler
act-counts = Utdelte kort per måned
act-no-counts = Ingen kort er delt ut ennå.
act-month = Måned
act-cards = Kort
act-keys = Nøkler
act-root = Fingeravtrykket til hovednøkkelen (teknisk: rotnøkkel). Stedene setter opp skanneren med dette:
act-signing-key = Kortnøkkel (teknisk: signeringsnøkkel)
act-signs = Signerer kort utstedt
act-rotate = Ta i bruk en ny kortnøkkel
act-rotate-hint = Kortnøkkelen signerer kortene som lages (teknisk: signeringsnøkkel). En ny nøkkel signerer kort fra i dag; kort som alt er delt ut, virker fortsatt. Den nye nøkkelen publiseres straks, og stedene kjenner nye kort etter neste oppdatering.
act-rotated = Ny kortnøkkel { $key } er tatt i bruk og publisert (pakke { $version }).
act-audit = Logg
act-when = Når
act-who = Hvem
act-what = Hva
nav-venue-setup = Oppsett for stedene
setup-venues-title = Oppsett for stedene
setup-venues-intro = Lag en oppsettkode for hver maskin på et sted (knappen under stedets navn), og gi den til stedet som tekst eller QR-kode. Den forteller skanneren hvor den henter pakken med korttyper, steder og sperrede kort (teknisk: tillitspakke), hvilken hovednøkkel den skal stole på (teknisk: rotnøkkel) og hvilket sted den står på, og den har en engangskode for registrering: maskinen som bruker den innen 14 dager, får nøkkelen sin for bruksrapporter godkjent med en gang. Behandle den som en nøkkel til den er brukt; den vises bare én gang her.
setup-venues-string = Oppsettkode
setup-venues-command = På stedets maskin:
setup-venues-new = Ny oppsettkode
setup-venues-made = Ny oppsettkode, for én maskin, gyldig til { $expires }. Den vises bare nå: kopier den eller skriv ut siden.
setup-venues-offline = Uten nett:

## JSON-API-et (/api/v1)
api-json-only = Send forespørselen som JSON (Content-Type: application/json).
api-too-large = Forespørselen er for stor (høyst { $max } byte).
api-bad-json = Forespørselen kunne ikke leses: { $what }
api-login-required = Logg inn først (POST /api/v1/login) og send nøkkelen i Authorization: Bearer …; en økt slutter etter 30 minutter uten bruk.
api-caseworkers-only = Bare saksbehandlere kan utstede kort.
api-bad-qr = «qr» må være «token» eller «url».

field-status = Status
field-actions = Handlinger
staff-status-active = Aktiv
staff-status-inactive = Deaktivert
staff-you = (deg)
staff-deactivate = Deaktiver
staff-reactivate = Aktiver igjen
staff-deactivate-hint = En deaktivert bruker kan ikke logge inn, og logges ut med en gang. Navnet blir stående i loggen. Du kan aktivere brukeren igjen senere.
staff-deactivated = { $name } er deaktivert og logget ut overalt.
staff-reactivated = { $name } er aktivert igjen og kan logge inn.
staff-already-active = { $name } var allerede aktiv.
staff-already-inactive = { $name } var allerede deaktivert.
error-user-unknown = Brukeren finnes ikke. Last siden på nytt og prøv igjen.
error-deactivate-self = Du kan ikke deaktivere din egen konto. Spør en annen administrator.
error-last-admin = Dette er den siste aktive administratoren og kan ikke deaktiveres. Legg til eller aktiver en annen administrator først.
act-root-title = Bytt hovednøkkelen (teknisk: rotnøkkel)
act-root-hint = Hovednøkkelen står bak alt stedene stoler på: den godkjenner kortnøklene og pakkene stedene henter. Bytt den hvis den kan ha kommet på avveie, eller etter plan. Den gamle hovednøkkelen godkjenner den nye i pakken til stedene, så stedene følger den nye automatisk ved neste oppdatering; ingenting må gjøres på stedene. Endringen publiseres straks. Steder som settes opp fra nå av, bruker det nye fingeravtrykket (oppsettkodene viser det).
act-root-confirm = Jeg forstår: en ny hovednøkkel lages og publiseres straks, og stedene følger den ved neste oppdatering.
act-root-rotate = Bytt hovednøkkelen
act-root-rotated = Ny hovednøkkel er tatt i bruk og publisert (pakke { $version }). Fingeravtrykket: { $fingerprint }
error-rotate-root-confirm = Kryss av i boksen for å bekrefte at du vil bytte hovednøkkelen. Ingenting ble endret.
cat-edit = Endre
cat-remove = Fjern
cat-no-offers = Ingen tilbud ennå.
cat-save = Lagre og publiser
cat-back = Tilbake til steder og korttyper
confirm-cancel = Avbryt og gå tilbake (ingenting endres)
hint-venue-id-fixed = Id-en kan ikke endres: stedets skanner er satt opp med den, og rapportene bruker den.
venue-edit-title = Endre stedet { $name }
error-venue-gone = Dette stedet finnes ikke lenger (det kan ha blitt fjernet i mellomtiden).
venue-remove-title = Fjerne stedet { $name }?
venue-remove-intro = { $name } tas ut av nye pakker til stedene. Skanneren på stedet tar ikke i bruk en pakke uten sitt eget sted: den sier fra til de ansatte at stedet er fjernet, og beholder den siste pakken den har, så den godtar fortsatt kort til den slås av. Si fra til stedet.
venue-remove-no-offers = Ingen tilbud gjelder på dette stedet.
venue-remove-offers = Disse tilbudene mister stedet:
venue-remove-offer-goes = fjernes også, fordi det ikke har noe annet sted
venue-remove-goes-note = Et tilbud uten noe sted igjen fjernes sammen med stedet.
venue-remove-button = Fjern { $name }
cat-venue-removed = Stedet { $name } er fjernet og publisert som pakke { $version }.
cat-offers-removed = Tilbud fjernet fordi de ikke hadde noe sted igjen: { $offers }.
error-ct-numbers = Det er ingen ledige korttypenumre igjen.
ct-edit-title = Endre korttypen { $name }
field-card-type-number = Korttypenummer
hint-card-type-number = Nummeret kan ikke endres: det står i hvert kort.
hint-validity-edit = Kort som alt er delt ut, beholder datoene som står på dem; en ny gyldighetsregel gjelder nye kort. Stedene sjekker likevel hvert korts datoer mot korttypens regel: en kortere eller annen regel gjør at de avviser kort med datoer regelen ikke tillater, og da blir du bedt om å bekrefte endringen.
confirm-validity-narrower = Jeg forstår at kort som alt er delt ut, og som har datoer den nye regelen ikke tillater, blir avvist på stedene.
error-validity-narrower = Den nye gyldighetsregelen tillater ikke alle kort som er delt ut etter den gamle: stedene ville avvise noen kort som er i bruk. Kryss av i boksen under for å bekrefte, eller behold den gamle regelen.
error-card-type-gone = Denne korttypen finnes ikke lenger (den kan ha blitt fjernet i mellomtiden).
ct-remove-title = Fjerne korttypen { $name }?
ct-remove-issued = { $count ->
    [0] Ingen kort av denne typen er delt ut.
    [one] 1 kort av denne typen er delt ut.
   *[other] { $count } kort av denne typen er delt ut.
}
ct-remove-refused = { $count ->
    [0] Saksbehandlerne kan ikke lenger velge denne korttypen, og stedene glemmer den når de oppdaterer.
   *[other] Disse kortene blir ikke lenger godtatt på stedene når stedene har oppdatert, og saksbehandlerne kan ikke lenger velge korttypen.
}
ct-remove-number = Dette kan ikke angres: nummeret { $id } brukes aldri igjen, så kort av denne typen blir aldri gyldige igjen.
ct-remove-button = Fjern { $name }
cat-ct-removed = Korttypen { $name } er fjernet og publisert som pakke { $version }. Kortene avvises på stedene når de har oppdatert.
benefit-edit-title = Endre tilbudet { $name } ({ $cardtype })
field-benefit-id = Tilbudets id
hint-benefit-id-fixed = Id-en kan ikke endres: stedene teller hvert korts besøk per tilbud-id.
field-quotas = Hvor ofte
hint-quotas = Fyll ut én rad eller flere, for eksempel 1 per uke og 10 per år: et besøk må ha plass i hver rad. Tomme rader hoppes over; hver rad må ha sin egen periode.
error-quota-twice = To rader har samme periode. Gi hver rad sin egen periode, eller tøm en av dem.
error-quota-none = Fyll ut minst én rad for hvor ofte (et tall fra 1 til 1000 og en periode).
error-benefit-gone = Dette tilbudet finnes ikke lenger (det kan ha blitt fjernet i mellomtiden).
benefit-remove-title = Fjerne tilbudet { $name } fra { $cardtype }?
benefit-remove-intro = Kort av typen { $cardtype }, også de som alt er delt ut, gir ikke lenger { $name } når stedene har oppdatert.
benefit-remove-button = Fjern { $name }
cat-benefit-removed = Tilbudet { $name } er fjernet fra { $cardtype } og publisert som pakke { $version }.

## The families' text (/admin/texts)
nav-texts = Tekster for familiene
texts-title = Tekster for familiene
texts-intro = Her kan kommunen skrive sin egen tekst i stedet for den innebygde, for kortet på telefonen og lista over tilbud (/tilbud), på hvert språk. Endringen gjelder med en gang, uten ny versjon av programmet. Fjerner du teksten, brukes den innebygde igjen.
texts-variables = Variabler som { "{ $count }" } fylles inn av siden og må stå igjen slik de er skrevet. Skriv aldri noe om inntekt, behov eller hvem kortet er for.
texts-language = Språk
texts-needs-review = bør leses gjennom av en som har språket som morsmål
texts-unreviewed = Den innebygde teksten på dette språket er maskinoversatt og ikke lest gjennom av en som har språket som morsmål. Få den gjerne sjekket.
texts-count = Kommunens egne tekster på dette språket: { $count }.
texts-see-offers = Se lista over tilbud på dette språket
texts-builtin = Innebygd tekst:
texts-current = Kommunens tekst nå:
texts-new = Ny tekst
texts-save = Lagre
texts-remove = Bruk den innebygde teksten
texts-saved = Teksten { $id } ({ $lang }) er lagret og gjelder med en gang.
texts-removed = Teksten { $id } ({ $lang }) er tilbake til den innebygde.
texts-not-saved = Teksten { $id } ble ikke lagret: { $reason }
texts-error-unknown-id = Denne meldingen finnes ikke. Last inn siden på nytt.
texts-error-empty = Teksten er tom. For å gå tilbake til den innebygde teksten, trykk «Bruk den innebygde teksten».
texts-error-too-long = Teksten er for lang (høyst { $max } tegn).
texts-error-syntax = Teksten har en feil: sjekk at hver {"{"} har en tilhørende {"}"}.
texts-error-variable = Teksten bruker { "{" } ${ $name } { "}" }, som denne meldingen ikke har. Bruk bare variablene i den innebygde teksten.
cat-public-list = Se den offentlige lista over steder og tilbud, slik familiene ser den

# Bruksrapporter og stedsnøkler (SPEC §13.4)
nav-usage = Bruk og oppgjør
nav-venue-keys = Stedsnøkler
report-too-large = Rapportfila er for stor (høyst { $max } byte).
report-malformed = Fila er ikke en bruksrapport, eller den er skadet.
report-unsupported = Rapporten bruker format { $format }, som denne utstederen ikke kjenner. Oppdater utstederen.
report-bad-signature = Rapportens signatur er ikke gyldig: den er endret etter at den ble signert, eller den er ikke signert.
report-invalid = Rapporten er ikke gyldig: { $reason }
report-unknown-key = Nøkkelen som signerte rapporten (fingeravtrykk { $fingerprint }), er ikke godkjent for stedet { $venue }. En administrator godkjenner stedsnøkler under Stedsnøkler.
report-stored = Rapport { $id } er lagret: { $rows } rader med tall.
report-older = Rapport { $id } er eldre enn den som allerede er lagret; ingenting er endret.
venue-key-unknown-venue = Det finnes ikke noe sted «{ $venue }» i katalogen.
venue-key-bad = Den offentlige nøkkelen er ikke gyldig: den må være 64 heksadesimale sifre for en Ed25519-nøkkel, slik «verifier key» viser den.
venue-key-other-venue = Denne nøkkelen er allerede registrert for et annet sted.
venue-key-revoked = Denne nøkkelen er trukket tilbake. Stedet trenger en ny nøkkel.
venue-key-registration-required = For å registrere stedets nøkkel trengs engangskoden for registrering i en oppsettkode, og ingen fulgte med her (en oppsettkode fra før slike koder fantes, eller et oppsett med enkeltdeler). Be administratoren om en ny oppsettkode (Oppsett for stedene), og kjør så «verifier register --setup KODE».
venue-key-bad-registration = Registreringskoden i denne oppsettkoden er brukt, utløpt eller gjelder et annet sted. Hver kode setter opp én maskin, innen 14 dager. Be administratoren om en ny oppsettkode (Oppsett for stedene), og kjør så «verifier register --setup KODE».
venue-key-gone = Den nøkkelen venter ikke lenger på dette (noen kan ha behandlet den allerede).
venue-key-approved = Nøkkelen til { $venue } ({ $fingerprint }) er godkjent; rapportene fra den tas imot.
venue-key-rejected = Nøkkelen til { $venue } ({ $fingerprint }) er avvist og fjernet.
venue-key-revoked-done = Nøkkelen til { $venue } ({ $fingerprint }) er trukket tilbake; rapporter fra den avvises fra nå. Tallene den har sendt, beholdes.
venue-key-added = Nøkkelen til { $venue } ({ $fingerprint }) er lagt til og godkjent.
vk-title = Stedsnøkler
vk-intro = Hver datamaskin på et sted signerer bruksrapportene sine med sin egen nøkkel. En nøkkel gjelder først når en administrator har godkjent den. Rapportene har bare tall, aldri kort eller personer.
vk-pending = Venter på godkjenning
vk-compare = Før du godkjenner: be stedet kjøre «verifier key» og sammenlign fingeravtrykket det viser med det her, gruppe for gruppe. Godkjenn bare hvis alle gruppene er like.
vk-none-pending = Ingen nøkler venter.
vk-approved = Godkjente nøkler
vk-none-approved = Ingen nøkler er godkjent ennå.
vk-revoked = Tilbaketrukne nøkler
vk-fingerprint = Fingeravtrykk
vk-received = Mottatt
vk-approved-when = Godkjent
vk-revoked-when = Trukket tilbake
vk-decide = Handling
vk-approve = Godkjenn
vk-reject = Avvis
vk-revoke-confirm = Dette kan ikke angres: datamaskinen på stedet vil trenge en ny nøkkel.
vk-revoke-unconfirmed = Kryss av i boksen for å bekrefte at nøkkelen skal trekkes tilbake; ingenting er endret.
vk-revoke = Trekk tilbake
vk-add-title = Legg til en nøkkel for hånd (sted uten internett)
vk-public-key = Offentlig nøkkel (64 heksadesimale sifre)
vk-add-hint = På stedet viser «verifier key» den offentlige nøkkelen. Nøkkelen godkjennes med en gang.
vk-add = Legg til og godkjenn
usage-title = Bruk og oppgjør
usage-intro = Utdelte kort kommer fra utstederens egne tellinger; besøk kommer fra stedenes signerte rapporter. Begge er tall: det står ikke noe kort, kortnummer eller person bak dem.
usage-month = Måned
usage-month-hint = Som ÅÅÅÅ-MM, for eksempel 2026-11.
usage-show = Vis
usage-bad-month = Det er ikke en måned (ÅÅÅÅ-MM). Viser { $month }.
usage-overview-csv = Last ned hele oversikten (CSV)
usage-issued-title = Utdelte kort
usage-issued-caption = Utdelte kort per korttype og måned, { $from } til { $until }
usage-venues-title = Besøk per sted
usage-venues-caption = Besøk per sted, { $month }
usage-benefits-title = Besøk per tilbud
usage-benefits-caption = Besøk per tilbud og korttype, { $month }
usage-agency-title = Utdelte kort per etat
usage-agency-caption = Utdelte kort per etat og korttype, { $month }
usage-quota-title = Andel av kvoten som er brukt (anslag)
usage-quota-caption = Andel av kvoten som er brukt, { $month }
usage-quota-formula = For hvert tilbud med en kvote per år eller per hele gyldighetstiden: besøkene denne måneden delt på antall kort av den typen som er delt ut de siste 12 månedene, ganger kvoten. Det er et anslag, fordi utdelte kort telles, ikke følges.
usage-no-visits = Ingen rapporter med besøk denne måneden.
usage-venue = Sted
usage-benefit = Tilbud
usage-visits = Besøk
usage-companions = Gratis ledsagere
usage-settlement = Oppgjør
usage-settlement-csv = Oppgjør (CSV)
usage-total = Sum
usage-quota = Kvote
usage-issued-12 = Utdelte kort, siste 12 måneder
usage-allowance = Tillatte besøk
usage-share = Andel brukt
usage-upload-title = Last opp en rapport fra et sted
usage-upload-file = Rapportfil
usage-upload-hint = En fil laget på et sted uten internett med «verifier report --month ÅÅÅÅ-MM --out FIL». Signaturen og stedsnøkkelen sjekkes; sender du den igjen, erstattes tallene, de legges aldri til.
usage-upload = Last opp
usage-upload-none = Velg en rapportfil først.
csv-day = dag
csv-venue-id = sted_id
csv-venue = sted
csv-card-type-id = korttype_id
csv-card-type = korttype
csv-benefit-id = tilbud_id
csv-benefit = tilbud
csv-visits = besøk (eksakte tall: bare til dette stedet)
csv-companions = ledsagere (eksakte tall)

## Login throttling (issue 13)
login-throttled-seconds = For mange mislykkede forsøk. Prøv igjen om { $seconds ->
    [one] ett sekund
   *[other] { $seconds } sekunder
}.

## Passord og økter (sak 13)
error-password-guessable = Dette passordet er for lett å gjette (et vanlig eller lekket passord, en gjentakelse eller en tasterekke). Noen ord som ikke hører sammen, er bedre.
error-password-same = Det nye passordet må være et annet enn det nåværende.
error-current-password = Det nåværende passordet er feil.
error-reset-self = Bytt ditt eget passord på kontosiden din.
nav-password = Bytt passord
nav-sessions = Øktene dine
account-password-title = Bytt passord
account-password-intro = Skriv det nåværende passordet, så et nytt på minst 12 tegn to ganger. Noen ord som ikke hører sammen, gir et godt passord. De andre øktene dine avsluttes.
account-password-must-change = Passordet ditt ble satt av en administrator. Velg ditt eget før du går videre.
account-password-button = Bytt passord
account-password-changed = Passordet er byttet. { $ended ->
    [0] Du hadde ingen andre økter.
    [one] Én annen økt ble avsluttet.
   *[other] { $ended } andre økter ble avsluttet.
}
field-current-password = Nåværende passord
field-new-password = Nytt passord (minst 12 tegn)
account-sessions-title = Øktene dine
account-sessions-intro = Der du er logget inn nå (nettlesere og API-et), nyeste først. Verken adresse eller nettleser lagres, bare tidspunktene. Kjenner du ikke igjen en av dem, logg ut alle andre steder og bytt passord.
field-session-created = Logget inn
field-session-last-seen = Sist brukt
field-session-this = Denne økten
account-session-this = Denne økten
account-sessions-end-others = Logg ut alle andre steder
account-sessions-ended = { $ended ->
    [0] Du hadde ingen andre økter.
    [one] Én annen økt ble avsluttet.
   *[other] { $ended } andre økter ble avsluttet.
}
staff-reset-password = Nullstill passord
staff-password-reset = Nytt midlertidig passord for { $name }: { $password } — gi det til personen på en trygg måte. Det vises bare nå; de må velge sitt eget ved neste innlogging. Øktene deres er avsluttet.
api-password-change-required = Denne kontoen må velge et nytt passord i nettleseren først (/account/password).

## API-nøkler (sak 13)
nav-api-tokens = API-nøkler
account-api-tokens-title = API-nøkler
account-api-tokens-intro = En nøkkel lar etatens eget saksbehandlingssystem lage kort i ditt navn gjennom API-et (Authorization: Bearer …). Gi hvert system sin egen navngitte nøkkel, og trekk den tilbake når den ikke brukes lenger. Nøkler fra POST /api/v1/login slutter å virke etter 30 minutter ubrukt.
account-api-tokens-none = Du har ingen API-nøkler.
account-api-token-made = Den nye nøkkelen din. Kopier den nå: den vises bare denne ene gangen.
account-api-token-revoke = Trekk tilbake
account-api-token-revoked = Nøkkelen er trukket tilbake.
account-api-token-gone = Nøkkelen finnes ikke lenger.
account-api-token-create = Lag en nøkkel
field-api-token = Nøkkel
field-api-token-name = Navn (f.eks. systemet som bruker den)
field-api-token-expires = Slutter
field-api-token-days = Levetid i dager (1–365)
error-api-token = En nøkkel trenger et navn på 1–60 tegn og en levetid på 1–365 dager.
usage-suppressed = Ingen små tall: et tall fra 1 til { $threshold } minus 1 vises som «< { $threshold }», og et tall som ellers kunne regnes ut fra en sum og de andre tallene, vises som «x» (også summen). Diagrammene tegner slike tall som 0. Det samme gjelder CSV-oversikten.
usage-small-type = Korttypen «{ $name }» har færre enn { $threshold } utdelte kort de siste 12 månedene: tallene for den vil for det meste vises som «< { $threshold }» eller «x». Slå den sammen med en annen korttype hvis tallene trengs.
usage-small-agency = Etaten «{ $name }» har delt ut færre enn { $threshold } kort de siste 12 månedene: tallene for den vil for det meste vises som «< { $threshold }» eller «x».
usage-settlement-exact = Oppgjørsfilene (CSV) har eksakte tall per dag: de er til stedet selv, som kjenner sine egne tall. Ikke del dem videre.

## Gyldighet som varer, søskenark (sak 15)
validity-roll-over = Kalenderåret; kort delt ut fra { $date } gjelder ut neste år
validity-months = Et antall måneder
field-roll-over = Kort delt ut fra denne datoen gjelder ut neste år (dag.måned, valgfritt; for kalenderåret)
hint-roll-over = For eksempel 01.11: kort delt ut fra 1. november gjelder ut neste år. La feltet stå tomt hvis kortene alltid skal slutte 31.12. samme år.
field-months = Antall måneder (for «et antall måneder», 1–36)
error-roll-over = Datoen må skrives som dag.måned, for eksempel 01.11. Den må finnes hvert år (ikke 29.02) og kan ikke være 01.01.
error-months = Antall måneder må være et tall fra 1 til 36.
issue-period = Periode
issue-period-current = Vanlig gyldighet
issue-period-next = Neste år ({ $year })
issue-period-none = Kan ikke velges for denne korttypen
issue-validity-caption = Dette står på kortene hvis du lager dem nå:
issue-error-period = Perioden { $period } kan ikke velges for denne korttypen i dag. Du kan velge { $allowed }.
issue-error-period-none = Denne korttypen har ingen perioder å velge mellom: kortene gjelder { $from }–{ $until }. Velg «Vanlig gyldighet».
issue-error-period-form = Perioden må være et årstall, for eksempel 2027.
word-or = eller
issue-siblings = Søsken: flere korttyper på samme ark
issue-siblings-hint = For eksempel kort for to aldersgrupper (som 0–13 og 14–18) til samme familie, skrevet ut sammen.
field-card-type2 = Andre korttype (valgfritt)
field-count2 = Antall kort av den andre korttypen
issue-error-same-type = Velg to ulike korttyper, eller øk antallet av den første.
usage-reporting-title = Rapporter fra stedene
usage-reporting-caption = Alle steder og deres siste rapport, for { $month }
usage-report-last = Siste rapport mottatt
usage-report-month = Rapport for måneden
usage-report-never = Aldri
usage-report-received = Rapport for { $month } er mottatt
usage-no-report = Ingen rapport for { $month }
month-1 = januar
month-2 = februar
month-3 = mars
month-4 = april
month-5 = mai
month-6 = juni
month-7 = juli
month-8 = august
month-9 = september
month-10 = oktober
month-11 = november
month-12 = desember
csv-overview-section = seksjon
csv-overview-month = måned
csv-overview-agency = etat
csv-overview-venue = sted
csv-overview-card_type = korttype
csv-overview-benefit = tilbud
csv-overview-cards = kort
csv-overview-visits = besøk
csv-overview-companions = ledsagere
csv-overview-quota = kvote
csv-overview-share = andel
## Ticket budgets per venue (issue 15)
usage-budgets-title = Billettbudsjetter per sted
usage-budgets-intro = Hvor mange besøk hvert sted gir i perioden som gjelder nå, hvor mange stasjonene har rapportert brukt, og hvor mange som er igjen. Tallene gjelder hele stedet (alle stasjonene, alle korttyper). Fra 80 % brukt vises en advarsel, så kommunen kan kjøpe flere billetter før barn blir avvist.
usage-budgets-caption = Billettbudsjetter i dag, etter stasjonenes rapporter
usage-budget = Budsjett
usage-budget-period = Periode
usage-budget-used = Brukt
usage-budget-left = Igjen
usage-budget-warn = { $venue } · { $benefit }: minst 80 % av billettene er brukt, { $left } igjen. Kjøp flere før barn blir avvist.
usage-budget-full = { $venue } · { $benefit }: alle billettene er brukt. Stasjonene avviser nå kort for dette tilbudet til neste periode.
error-budget = Et billettbudsjett trenger et tilbud som gis på stedet, et tall fra 0 til 1 000 000 og en periode (dag, uke, måned eller år).
venue-budgets-title = Billettbudsjetter
venue-budgets-intro = Hvor mange besøk stedet gir i alt per periode for et tilbud, for alle kort og korttyper sammen. Når budsjettet er brukt opp, avviser stasjonene kortene med «alle billettene er brukt» til neste periode. Har stedet flere stasjoner, deles budsjettet mellom dem (verifier settings --budget-share N/M).
venue-budgets-none = Ingen billettbudsjetter.
venue-budget-offer = Tilbud
venue-budget-count = Antall besøk
venue-budget-per = Per
venue-budget-add = Lagre budsjett
venue-budget-remove = Fjern
# Duplicate check (one card per child, across agencies)
nid-error-format = Et fødselsnummer eller D-nummer har 11 sifre. Sjekk at ingen siffer mangler eller er for mye.
nid-error-date = De seks første sifrene i fødselsnummeret er fødselsdatoen (DDMMÅÅ), og den stemmer ikke. Sjekk dem.
nid-error-check = Fødselsnummeret har en skrivefeil: kontrollsifrene stemmer ikke. Sjekk alle 11 sifrene.
dup-month = { $month ->
    [m1] januar
    [m2] februar
    [m3] mars
    [m4] april
    [m5] mai
    [m6] juni
    [m7] juli
    [m8] august
    [m9] september
    [m10] oktober
    [m11] november
   *[m12] desember
} { $year }
dup-error-missing = Denne korttypen har dobbeltsjekk: skriv inn barnets fødselsnummer eller D-nummer.
dup-error-not-asked = Denne korttypen har ikke dobbeltsjekk. La feltet for fødselsnummer stå tomt.
dup-error-one = Med dobbeltsjekk lages ett kort om gangen: sett antall til 1.
dup-error-duplicate = Barnet har allerede et gyldig kort av denne typen: det første ble laget av { $agency } i { $month }.
dup-override-web = Skal barnet likevel ha et nytt kort, velg en grunn under og skriv inn fødselsnummeret på nytt.
dup-override-api = Skal barnet likevel ha et nytt kort, send «override»: «lost_card» (med «old_card_number», som sperres) eller «assessed_exception».
dup-error-reason = Velg en grunn fra listen.
dup-error-old-card = Skriv inn nummeret på kortet som ble mistet (9 tegn, for eksempel 7KX-M2Q-9DA). Det sperres.
dup-reason-none = Ingen (vanlig kort)
dup-reason-lost-card = Erstatter et mistet kort (det gamle sperres)
dup-reason-assessed = Vurdert unntak
dup-legend = Dobbeltsjekk: ett kort per barn
dup-intro = For { $types } spør vi etter barnets fødselsnummer eller D-nummer, så ingen får samme kort fra flere etater. Nummeret lagres ikke: bare et nøkkelbasert pseudonym med korttype, etat, måned og gyldighetens slutt, og det slettes når kortet utløper. For andre korttyper: la feltet stå tomt.
field-national-id = Barnets fødselsnummer eller D-nummer (11 sifre)
dup-override-summary = Barnet har allerede kort av denne typen?
dup-override-hint = Velg en grunn bare når et nytt kort likevel er riktig. Grunnen skrives i loggen (uten fødselsnummer).
field-dup-reason = Grunn
field-old-card = Nummeret på det mistede kortet
dup-admin-title = Dobbeltsjekk
dup-admin-link = Dobbeltsjekk
dup-admin-status-on = Dobbeltsjekken er på. Oppføringer nå: { $count }.
dup-admin-status-off = Dobbeltsjekken er av (standard).
dup-admin-intro = Med dobbeltsjekk må saksbehandleren skrive inn barnets fødselsnummer eller D-nummer når kort av denne typen lages (på nettsiden og i API-et), og et barn som allerede har et gyldig kort av typen, får ikke et til uten en grunn. Kortark fra kommandolinjen kan ikke lages for typen.
dup-admin-privacy = Dette er personopplysninger i pseudonym form: et nøkkelbasert pseudonym av nummeret, med korttype, etat, måned og gyldighetens slutt. Den som har både nøkkelen (i keys/) og databasen, kan teste et kjent nummer. Gjør en personvernkonsekvensvurdering (DPIA) før du slår den på; se docs/PRIVACY.md.
dup-admin-on = Slå på dobbeltsjekk for denne korttypen
dup-admin-off-hint = Slår du den av, slettes alle oppføringene for korttypen med en gang.
dup-admin-back = Tilbake til korttypen
dup-admin-saved-on = Dobbeltsjekken er slått på.
dup-admin-saved-off = Dobbeltsjekken er slått av. { $count } oppføringer er slettet.
issue-intro-dup = Velg korttype og antall. Du får et ark med kort å skrive ut (10 per A4-side), og kortene lagres ikke. For korttyper med dobbeltsjekk spør skjemaet etter barnets fødselsnummer (se under); ellers skal ingenting om barnet skrives inn her.

## `issuer backup` og `issuer restore` (kommandolinje)
backup-no-issuer = { $path } har ingen utsteder: ingen database eller nøkkelmappe å ta sikkerhetskopi av.
backup-io = Kunne ikke lese eller skrive { $path }: { $detail }
backup-sqlite = SQLite kunne ikke kopiere databasen { $path }: { $detail }
backup-weak-passphrase = Passordfrasen er for kort: bruk minst { $min } tegn.
backup-no-secret = Oppgi en passordfrase (--passphrase-file, eller miljøvariabelen ISSUER_BACKUP_PASSPHRASE) eller en age-nøkkel (--recipient for å ta kopi, --identity for å gjenopprette).
backup-bad-age-key = Dette er ikke en age-nøkkel: { $detail }
backup-encrypt = Krypteringen av sikkerhetskopien mislyktes: { $detail }
backup-not-a-backup = Denne filen er ikke en sikkerhetskopi av utstederen for aktivitetskortet. Ingenting ble skrevet.
backup-wrong-passphrase = Passordfrasen (eller age-nøkkelen) åpner ikke denne sikkerhetskopien. Ingenting ble skrevet.
backup-damaged = Sikkerhetskopien er skadet (avkortet eller endret): { $detail }. Ingenting ble skrevet; bruk en annen kopi.
backup-inconsistent = Dataene i sikkerhetskopien består ikke utstederens kontroller: { $detail }. Ingenting ble skrevet.
backup-target-not-empty = { $path } er ikke tom. Gjenopprett til en ny eller tom mappe, eller legg til --replace-existing for å flytte den som er der, til side.
backup-written = Sikkerhetskopien er skrevet til { $path } (database og nøkler, kryptert). Oppbevar passordfrasen eller age-nøkkelen atskilt fra den.
backup-restored = Gjenopprettet i { $path }. Rotnøkkelens fingeravtrykk: { $fingerprint } (stedene virker videre uten nytt oppsett).
backup-moved-aside = Mappen som var der, er flyttet til { $path }.
setup-venues-station = Eller: en mobil eller et nettbrett som stasjon
setup-venues-station-how = Skann denne koden med mobilens kamera, eller åpne lenken i nettleseren. Siden blir stedets stasjon, virker uten nett etter første gang og skanner kort med kameraet. Lenken har samme engangskode som oppsettkoden over: bruk den på én enhet.
setup-venues-station-link = Lenke til stasjonssiden
station-no-core = Denne nettleseren kan ikke kjøre stasjonen (den mangler WebAssembly, eller det er slått av). Bruk en nyere nettleser, eller verifier-programmet på en datamaskin.

## Opening the database (every command; upgrades)
db-newer-schema = Databasen { $path } er skrevet av en nyere versjon av utstederen (skjema { $found }; denne versjonen kjenner til og med { $known }). Ingenting er endret. Start den nyere utstederen igjen, eller, for å gå tilbake til denne versjonen, legg tilbake kopien som ble tatt før oppgraderingen (backups/pre-upgrade-{ $known }-to-{ $found }.sqlite i datamappen) slik README.md, «Upgrades», sier.
root-key-offline = Rotnøkkelen er ikke på denne serveren (den er eksportert og fjernet). Hent den tilbake først: issuer keys import-root FIL --passphrase-file FIL, med filen issuer keys export-root skrev og passordfrasen til den. Prøv så igjen, og fjern nøkkelen igjen etterpå med issuer keys remove-root.
root-key-not-this-root = Denne filen har en annen rotnøkkel (fingeravtrykk { $given }), ikke denne utstederens ({ $expected }). Ingenting ble endret.
root-key-already-here = Rotnøkkelen er allerede på denne serveren. Ingenting ble endret.
root-key-not-a-root-key = Denne filen er ikke en eksportert rotnøkkel fra aktivitetskort-utstederen (issuer keys export-root skriver en).
root-key-delegation-expired = Pakkenøkkelen kan bare signere tillitspakker fram til { $until }, og rotnøkkelen er ikke på denne serveren. Hent rotnøkkelen tilbake med issuer keys import-root FIL --passphrase-file FIL: det fornyer pakkenøkkelen for to år.
root-key-other = { $detail }
root-key-exported = Rotnøkkelen er skrevet, kryptert, til { $path }. Oppbevar filen og passordfrasen frakoblet, på to ulike trygge steder. Fjern så nøkkelen fra denne serveren med: issuer keys remove-root --export { $path } --passphrase-file FIL
root-key-removed = Rotnøkkelen er fjernet fra denne serveren (fingeravtrykk { $fingerprint }, uendret for stedene). Tillitspakker signeres nå av pakkenøkkelen, som kan signere fram til { $until }. Hent rotnøkkelen tilbake (issuer keys import-root) før det, og for å bytte rotnøkkel.
root-key-imported = Rotnøkkelen er tilbake på denne serveren (fingeravtrykk { $fingerprint }). Pakkenøkkelen kan nå signere fram til { $until }. Bytt rotnøkkel nå om du trenger det, og fjern så nøkkelen igjen med issuer keys remove-root.

# Blocking asks for confirmation; an administrator can undo a block.
block-next-hint = Du får se hva som skjer før kortet sperres.
block-next-button = Gå videre
block-confirm-title = Sperre kort { $number }?
block-confirm-venues = Stedene avviser kortet etter sin neste oppdatering (vanligvis innen et kvarter når de er på nett).
block-confirm-phone = Kortet på mobilen viser at det er sperret, og QR-koden vises ikke lenger.
block-confirm-undo = Bare en administrator kan oppheve sperringen senere.
blocks-title = Sperrede kort
blocks-none = Ingen kort er sperret.
blocks-when = Sperret
blocks-by = Av
blocks-action = Handling
unblock-link = Opphev sperring
unblock-confirm-title = Oppheve sperringen av kort { $number }?
unblock-confirm-venues = Stedene godtar kortet igjen etter sin neste oppdatering, så lenge det ellers er gyldig.
unblock-confirm-phone = Kortet på mobilen viser QR-koden igjen når det har hentet den nye listen.
unblock-button = Opphev sperringen
unblock-done = Sperringen av kort { $number } er opphevet. Stedene får beskjed ved neste oppdatering (pakke { $version }).
unblock-not-blocked = Kort { $number } er ikke sperret.

# The issue page says what a card type gives; the sheet is held for the session; copy and print of one card.
issue-gives-title = Hva «{ $cardtype }» gir
issue-gives-for = For
issue-gives-validity = Står på kortene hvis du lager dem nå
issue-gives-window = fra { $from } til { $until }
issue-gives-none = Korttypen gir ingen tilbud ennå.
issue-gives-where = Hvor:
issue-gives-companion = En voksen ledsager går gratis inn.
issue-sheet-ready = Kortarket er klart: { $count } kort, gyldig { $validity }.
issue-sheet-download = Last ned kortarket (PDF)
issue-sheet-held = Du kan laste det ned igjen herfra i 30 minutter, så lenge du er logget inn. Det lagres bare i minnet på serveren og slettes når du logger ut.
word-and = og
card-copy-link = Kopier lenken
card-copied = Lenken er kopiert.
card-copy-failed = Kunne ikke kopiere automatisk. Lenken er merket: trykk Ctrl+C (eller hold fingeren på den) for å kopiere.
card-print = Skriv ut kortet
root-key-warn-ends-soon = Advarsel: hovednøkkelen (teknisk: rotnøkkel) er ikke på denne serveren, og reservenøkkelen som signerer pakkene til stedene (teknisk: pakkenøkkel), kan bare gjøre det fram til { $until } ({ $days } dager igjen). Hent hovednøkkelen tilbake med issuer keys import-root før det, så fornyes den.
root-key-warn-ended = Advarsel: hovednøkkelen (teknisk: rotnøkkel) er ikke på denne serveren, og tiden reservenøkkelen kunne signere pakkene til stedene (teknisk: pakkenøkkel), gikk ut { $until }: ingen ny pakke kan publiseres (sperrede kort, nye nøkler og endringer av steder og korttyper når ikke stedene) før hovednøkkelen hentes tilbake med issuer keys import-root.
root-key-warn-missing = Advarsel: hovednøkkelen (teknisk: rotnøkkel) er ikke på denne serveren, og ingen reservenøkkel (teknisk: pakkenøkkel) er satt opp: ingen ny pakke til stedene kan publiseres før hovednøkkelen hentes tilbake med issuer keys import-root.
root-key-publish-blocked = Endringen er lagret, men stedene kan ikke få den ennå: ingen ny pakke til stedene kunne publiseres, fordi hovednøkkelen (teknisk: rotnøkkel) ikke er på denne serveren og tiden til reservenøkkelen (teknisk: pakkenøkkel) er ute. Stedene får endringen når en administrator henter hovednøkkelen tilbake (issuer keys import-root) og en pakke publiseres.

## Administratorens forside, navigasjon og ordningens kontaktopplysninger (sak 19)
nav-admin = Administrasjon
nav-scheme = Ordningen og kontakt
home-todo-title = Å gjøre
home-todo-none = Ingenting trenger å gjøres nå.
home-todo-venue-keys = { $count ->
    [one] Én stedsnøkkel venter på godkjenning.
   *[other] { $count } stedsnøkler venter på godkjenning.
}
home-todo-not-set-up = Disse stedene har ikke fått noen oppsettkode ennå, så ingen stasjon sjekker kort der: { $venues }.
home-todo-not-reported = Ingen rapport om bruk for { $month } fra: { $venues }.
home-todo-never-reported = Satt opp, men har ikke sendt noen rapport om bruk ennå: { $venues }.
home-todo-no-signing-key = Ingen nøkkel kan signere kort i dag, så ingen kort kan lages. Ta i bruk en ny kortnøkkel under Aktivitet og nøkler (teknisk: signeringsnøkkel).
home-todo-signing-key-ends = Kortnøkkelen, som signerer kortene (teknisk: signeringsnøkkel), virker bare til { $until } ({ $days } dager igjen). Ta i bruk en ny under Aktivitet og nøkler før det.
home-status-title = Status
home-status-bundle = Stedene skal nå ha pakke nr. { $version } (teknisk: tillitspakke), publisert { $when }.
home-status-no-bundle = Ingen pakke til stedene er publisert ennå.
home-status-venues = { $set_up } av { $venues } steder har en stasjon som er satt opp.
home-account = Kontoen din
scheme-title = Ordningen og kontakt
scheme-intro = Navnet på ordningen og kontaktopplysningene familiene og stedene ser. Endringer lagres og publiseres straks i en ny pakke til stedene (teknisk: tillitspakke).
field-scheme-name = Ordningens navn
hint-scheme-name = Slik familiene ser det, for eksempel «Aktivitetskort Larvik» (1–100 tegn).
scheme-contact = Kontakt for familier og steder (valgfritt)
hint-scheme-contact = Bruk en felles postkasse og et sentralbord- eller tjenestenummer, ikke en enkelt ansatts e-post eller mobil: opplysningene står i pakken stedene henter og kan vises for familiene.
field-contact-phone = Telefon
field-contact-email = E-post
field-contact-web = Nettside
error-scheme-name = Ordningen trenger et navn på 1–100 tegn.
error-contact-phone = Telefonnummeret må ha minst 3 sifre og bare mellomrom, +, -, ., ( og ) i tillegg (høyst 30 tegn).
error-contact-email = E-postadressen må se ut som navn@kommune.no (uten mellomrom).
error-contact-web = Nettsiden må begynne med https:// og ha et domene, for eksempel https://www.larvik.kommune.no.

## Venue details, ids made from names, names in the family languages
venue-id-proposed = Stedet får id-en «{ $id }», laget av navnet. Endre den om du vil, og trykk «Legg til sted» igjen. Etter det kan id-en ikke endres.
field-opening-hours = Åpningstider (bokmål, valgfritt)
hint-opening-hours = Slik familiene skal lese dem, for eksempel «Man–fre 10–20, lør–søn 12–18».
field-opening-hours-other = Åpningstider på andre språk (valgfritt; tomt: bokmål brukes)
field-phone = Telefon (valgfritt)
field-web = Nettside (valgfritt)
field-map = Kartlenke (valgfritt)
hint-map = Tomt: familiene får en lenke til adressen på OpenStreetMap.
field-names-other = Navn på andre språk (valgfritt; tomt: bokmål brukes)
field-benefit-names-other = Tilbudets navn på andre språk (valgfritt; tomt: bokmål brukes)
cat-names-other = Navn på andre språk:
cat-nb-used = (bokmål brukes)
error-venue-hours = Åpningstidene kan ha høyst 200 tegn på hvert språk, på én linje.
error-venue-phone = Telefonnummeret kan ha sifre, mellomrom, bindestrek, parenteser og + først (minst 3 sifre, høyst 30 tegn).
error-venue-web = Nettsiden må være en adresse som begynner med https:// (eller http://), for eksempel https://bolgen.no.
error-venue-map = Kartlenken må være en adresse som begynner med https:// (eller http://). La den stå tom for å lenke til adressen på et kart.

# The start page: a new scheme's first things to do.
home-todo-no-caseworker = Ingen saksbehandler kan dele ut kort ennå. Legg til en etat og en saksbehandler.
home-todo-no-contact = Familiene ser ikke hvem de kan spørre om kortet. Legg inn telefon, e-post eller nettside for ordningen.

# The catalogue's venue table: what families see of each venue.
field-families-see = Familiene ser
venue-shows-address = adresse
venue-shows-hours = åpningstider
venue-shows-phone = telefon
venue-shows-web = nettside
venue-shows-map = egen kartlenke
venue-shows-address-only = bare adressen og et kartsøk
