# Verifier messages, Norwegian bokmål. Short, plain answers for venue staff.
verdict-valid = GYLDIG · { $benefit }{ $companion ->
    [yes] {" · 1 barn + 1 ledsager"}
   *[no] {""}
}
verdict-expired = UTLØPT { $date }
verdict-not-yet-valid = IKKE GYLDIG ENNÅ · fra { $date }
verdict-revoked = SPERRET
verdict-not-valid-here = GJELDER IKKE HER
verdict-invalid = UGYLDIG KORT
verdict-unknown = UKJENT KORT · oppdater verifikatoren
hint-bad-encoding = Skru opp lysstyrken på telefonen, hold koden i ro, eller bruk det trykte kortet. Går det fortsatt ikke, kan kortet være skadet: be familien kontakte den som delte ut kortet.
hint-unsupported-version = Kortet er av en nyere type. Oppdater verifikator-programmet.
hint-unknown-key = Kortet er signert med en nøkkel denne stasjonen ikke kjenner ennå. Kjør «verifier update».
hint-bad-signature = Kortet er ikke ekte eller er skadet.
hint-key-not-valid = Kortet er signert med en nøkkel som ikke gjaldt da kortet ble laget.
hint-unknown-card-type = Korttypen er ukjent her. Kjør «verifier update».
hint-validity-too-long = Kortets gyldighet er lengre enn korttypen tillater.
hint-revoked = Kortet er meldt tapt eller sperret. Be familien kontakte den som delte ut kortet.
hint-expired = Kortet gjaldt til og med { $date }.
hint-not-yet-valid = Kortet gjelder fra { $date }.
hint-not-valid-here = Dette kortet gir ikke noe tilbud her.
card-line = Kort { $number } · { $cardtype } · gyldig { $from }–{ $until }
# Oppsett og oppdateringer (init, update).
init-done = Satt opp for { $venue } ({ $id }) med tillitspakke versjon { $version }.
init-url = Oppdateringer hentes fra { $url } (kjør «verifier update» når maskinen er på nett).
fetching = Henter tillitspakken fra { $url } …
update-installed = Installerte tillitspakke versjon { $to } (var { $from }).
update-current = Allerede oppdatert: tillitspakke versjon { $version }, utstedt { $issued } (for { $age } siden).
update-kept = Tillitspakken i bruk er fortsatt versjon { $version }, utstedt { $issued } (for { $age } siden); kortene sjekkes mot den.
age-minutes = { $n } min
age-hours = { $n } t
age-days = { $n } d
fetch-bad-url = «{ $url }» er ikke en adresse til en tillitspakke (den må begynne med https:// eller http://). Kopier den fra stedets oppsettskode.
fetch-no-network = Får ikke kontakt med { $url }: maskinen ser ikke ut til å ha nettforbindelse. Koble til internett og kjør «verifier update» igjen.
fetch-host-not-found = Får ikke kontakt med { $url }: servernavnet «{ $host }» ble ikke funnet. Sjekk nettforbindelsen, og at adressen er den i stedets oppsettskode.
fetch-refused = Får ikke kontakt med { $url }: tilkoblingen ble avvist (utstederens server kjører ikke der). Sjekk adressen i oppsettskoden, eller spør administratoren om serveren er nede.
fetch-timeout = Får ikke kontakt med { $url }: intet svar innen { $secs } sekunder. Sjekk nettforbindelsen og prøv igjen senere, eller spør administratoren.
fetch-tls = Får ikke sikker kontakt med { $url }: { $reason }. Sjekk maskinens dato og klokke (sertifikater avhenger av dem), og at adressen er den i oppsettskoden, eller spør administratoren.
fetch-status-missing = { $url } svarte HTTP { $status }: det finnes ingen tillitspakke på denne adressen. Sjekk adressen i oppsettskoden, eller spør administratoren.
fetch-status-forbidden = { $url } svarte HTTP { $status }: serveren tillater ikke å hente tillitspakken. Spør administratoren.
fetch-status-server = { $url } svarte HTTP { $status }: utstederens server har et problem. Prøv igjen senere, og si fra til administratoren om det varer.
fetch-status-other = { $url } svarte HTTP { $status }: ikke en tillitspakke. Sjekk adressen i oppsettskoden, eller spør administratoren.
fetch-too-large = { $url } sendte mer enn { $max } byte, mer enn noen tillitspakke kan være; avvist uten å lese den. Spør administratoren.
fetch-redirects = { $url } videresender for mange ganger, eller fra https til vanlig http. Sjekk adressen i oppsettskoden.
fetch-broken = Henting fra { $url } mislyktes: { $reason }. Prøv igjen, og spør administratoren om det fortsetter.
no-bundle-url = Ingen adresse til tillitspakken er kjent for dette stedet (det ble satt opp fra en fil). Kjør «verifier update --url ADRESSE» med adressen fra oppsettskoden, eller «verifier update --bundle FIL».

## Redeeming (verifier redeem, undo, report)
verdict-used-next = BRUKT · neste gang fra { $weekday ->
    [mon] mandag
    [tue] tirsdag
    [wed] onsdag
    [thu] torsdag
    [fri] fredag
    [sat] lørdag
   *[sun] søndag
} { $day }.{ $month }.{ $sameyear ->
    [yes] {""}
   *[no] { $year }
}
verdict-used = BRUKT
hint-quota-exhausted = { $benefit }: { $limit } er brukt opp.{ $next ->
    [yes] {""}
   *[no] {" Kortet kan ikke brukes til dette her igjen."}
}
quota-limit = { $count } { $per ->
    [day] per dag
    [week] per uke
    [month] per måned
    [year] per år
   *[validity] i hele gyldighetstiden
}
verdict-clock-behind = STOPP · klokka på maskinen er feil
hint-clock-behind = Klokka på denne maskinen viser { $now }, men { $seen } er allerede sett her ({ $minutes } minutter senere). Rett dato, klokkeslett og tidssone (helst automatisk tid), og skann på nytt. Ingenting er registrert.
verdict-bundle-too-old = STOPP · tillitspakken er for gammel
hint-bundle-too-old = Tillitspakken er { $age } dager gammel; grensen her er { $limit } dager. Koble maskinen til internett og kjør «verifier update». Ingenting er registrert.
warning-stale = Advarsel: tillitspakken er { $age } dager gammel. Kjør «verifier update» snart; om { $left } dager godtas ingen kort.
undo-done = ANGRET · { $benefit } registrert { $time }
report-row = { $day }  { $cardtype } · { $benefit }: { $count } besøk{ $companions ->
    [0] {""}
    [one] {" + 1 ledsager"}
   *[other] {" + "}{ $companions } ledsagere
}
report-empty = Ingen besøk registrert i perioden.

## Terminal mode (verifier scan)
scan-title = Aktivitetskort · { $venue }
scan-ready = Klar – skann et kort (Ctrl-C avslutter)
scan-bye = Skanning avsluttet. Ha det!
scan-error = FEIL · ingenting registrert
scan-at = kl. { $time }

## Web page (verifier serve)
serve-title = Aktivitetskort
serve-label = Skann eller skriv inn kortet
serve-submit = Sjekk inn
serve-photo = Ta bilde av kortet
serve-photo-submit = Send bildet
serve-camera = Start kamera
serve-camera-stop = Stopp kamera
serve-camera-unavailable = Direkte kamera krever https eller localhost; bruk «Ta bilde av kortet».
serve-undo = Angre siste registrering
serve-ready = Klar – skann et kort
serve-no-qr = Fant ingen QR-kode i bildet. Hold kortet rett foran kameraet og prøv igjen.
serve-bad-image = Bildet kunne ikke leses (bruk PNG eller JPEG).
serve-undo-nothing = Det er ingen registrering å angre.
serve-undo-too-late = Siste registrering er mer enn { $minutes } minutter gammel og kan ikke angres.
serve-busy = Sjekker …

## Stedets nøkkel og bruksrapporter (verifier key, register, report, update)
post-refused = { $url } avviste den: { $message } ({ $code }, HTTP { $status }).
post-status = { $url } svarte HTTP { $status }. Prøv igjen senere, og si fra til administratoren om det varer.
key-venue = Sted: { $id }
key-public = Offentlig nøkkel: { $hex }
key-fingerprint = Fingeravtrykk: { $fingerprint }
key-fingerprint-full = Fullt fingeravtrykk: { $fingerprint }
key-register-later = Bruksrapporter signeres med denne nøkkelen når administratoren har godkjent den: kjør «verifier register» når maskinen er på nett, eller gi administratoren den offentlige nøkkelen fra «verifier key».
key-made = Laget stedets nøkkel for å signere bruksrapporter (venue.key; den forlater aldri denne maskinen).
register-pending = Be administratoren godkjenne stedets nøkkel: fingeravtrykk { $fingerprint } på { $url }
register-approved = Stedets nøkkel er godkjent (fingeravtrykk { $fingerprint }).
register-setup-without-code = Denne oppsettkoden har ingen registreringskode (den er fra før slike koder fantes); be administratoren om en ny.
register-refused = Utstederen avviste stedets nøkkel: { $message }
register-failed = Stedets nøkkel kunne ikke registreres nå: { $reason } Stedet er satt opp; kjør «verifier register» når maskinen er på nett.
register-refused-at-init = { $reason } Stedet er satt opp og sjekker kort; bare bruksrapportene venter på nøkkelen.
report-sent = Bruksrapport { $month }: sendt, { $rows } { $rows ->
    [one] rad
   *[other] rader
}.
report-older = Bruksrapport { $month }: utstederen har allerede en nyere; ingenting endret.
report-not-approved = Bruksrapport { $month }: ikke sendt, nøkkelen er ikke godkjent ennå: fingeravtrykk { $fingerprint } (be administratoren godkjenne den på { $url }).
report-refused = Bruksrapport { $month }: avvist: { $message }
report-failed = Bruksrapport { $month }: ikke sendt: { $reason } Den sendes igjen ved neste «verifier update».
report-skipped = Bruksrapport { $month }: ingen besøk, ingenting å sende.
reports-not-sent = Bruksrapportene ble ikke sendt: fikk ikke kontakt med utstederen. Neste «verifier update» sender dem, eller skriv en fil med «verifier report --month ÅÅÅÅ-MM --out FIL».
report-written = Skrev den signerte bruksrapporten for { $month } ({ $rows } { $rows ->
    [one] rad
   *[other] rader
}) til { $path }. En administrator laster den opp på { $url }.

## Feil (alle kommandoer)
error-line = feil: { $message }
warning-line = advarsel: { $message }
error-io = { $path }: { $kind ->
    [not-found] filen eller mappen finnes ikke
    [permission-denied] ingen tilgang (sjekk rettighetene)
   *[other] { $reason }
}
error-already-initialised = { $dir } er allerede satt opp for et sted; bruk «verifier update» for å installere en nyere tillitspakke
error-not-initialised = { $dir } er ikke satt opp ennå; kjør «verifier init --data { $dir } --setup KODE» med stedets oppsettskode fra utstederen
error-bad-config = stedets oppsett er skadet: { $path }: { $reason }
error-no-setup = oppgi --setup, eller --root-fingerprint og --venue
error-no-bundle-source = oppgi --setup KODE, --bundle-url ADRESSE eller --bundle FIL
error-json = kunne ikke skrive JSON: { $reason }
error-bad-fingerprint = «{ $text }» er ikke et rotfingeravtrykk (64 heksadesimale sifre, slik «issuer root-fingerprint» skriver det)
error-unknown-venue = stedet «{ $venue }» finnes ikke i denne tillitspakken; kjente steder: { $known }
error-venue-removed = den nye tillitspakken har ikke lenger stedet «{ $venue }»; beholdt tillitspakken i bruk (spør administratoren)
error-image = { $path }: { $reason }
error-bad-setup = { $reason } (kopier den på nytt fra utstederens side «Oppsett for stedene»)
error-bad-staleness = grensene { $warn }/{ $refuse } dager er ikke tillatt: advarselen må komme etter minst 1 dag og ikke senere enn avvisningen, og avvisningen etter høyst { $max } dager
error-log = registreringsloggen { $path }: { $reason }; ingenting er registrert (sjekk disken og mappens rettigheter, og prøv igjen)
log-sqlite = SQLite: { $reason }
log-not-wal = journalmodus er { $mode }, ikke WAL
log-newer = den er fra en nyere versjon av verifikatoren (skjema { $applied } > { $known }); ingenting er endret: bruk den nyere verifikatoren, eller legg tilbake kopien som ble tatt før oppgraderingen (backups/pre-upgrade-{ $known }-to-{ $applied }.sqlite; README, «Upgrades»)
error-clock-behind = klokka på denne maskinen viser { $now }, men { $seen } er allerede sett her (klokka går { $minutes } minutter for sakte); rett dato, klokkeslett og tidssone (helst automatisk tid), og skann på nytt; ingenting er registrert
error-bundle-too-old = tillitspakken er { $age } dager gammel, og dette stedet godtar kort bare med en tillitspakke som er yngre enn { $limit } dager; koble til internett og kjør «verifier update» (eller installer en ny tillitspakkefil fra administratoren); grensen settes med «verifier settings --stale-refuse-days N»
error-nothing-to-undo = det finnes ikke noe registrert besøk å angre
error-undo-too-late = siste registrerte besøk ({ $benefit }, { $at }) er mer enn { $minutes } minutter gammelt og kan ikke lenger angres; det blir stående
error-bad-report-range = --from { $from } er etter --until { $until }; oppgi første dag, så siste
error-bad-month = «{ $text }» er ikke en måned; skriv den som ÅÅÅÅ-MM, f.eks. 2026-11
error-venue-key-missing = { $dir } har ingen stedsnøkkel (venue.key) for bruksrapporter; kjør «verifier register --data { $dir }» for å lage en og registrere den hos utstederen
error-bad-venue-key = stedets nøkkel { $path } kan ikke brukes: { $reason }; rett rettighetene (chmod 600), eller flytt den bort og kjør «verifier register» for å lage en ny nøkkel, som administratoren må godkjenne på nytt
error-unit = kan ikke skrive tjenesteenheten: { $reason }
error-setup-for-other = denne oppsettkoden gjelder stedet «{ $venue }» eller en annen utsteder; denne maskinen er satt opp for «{ $here }»
unit-not-absolute = { $path } må være en absolutt sti i UTF-8
unit-control-character = { $value } inneholder et kontrolltegn
unit-temporary = { $path } er en midlertidig mappe; flytt datamappen, f.eks. til /var/lib/aktivitetskort
unit-bad-user = { $user } er ikke et gyldig brukernavn (små bokstaver, sifre, «-» og «_», høyst 32)
service-unit-next = Lagre dette som /etc/systemd/system/{ $unit }, og kjør så «systemctl daemon-reload» og «systemctl enable --now { $unit }». Datamappen må tilhøre brukeren { $user } (se README, «Run the station as a service»).
bundle-too-large = tillitspakkefilen er for stor ({ $len } byte > { $max })
bundle-encoding = filen er ikke en tillitspakke, eller den er skadet: { $reason }
bundle-unsupported-format = tillitspakkeformat { $format } er ukjent for denne verifikatoren (oppdater programmet)
bundle-untrusted-root = tillitspakken er ikke signert med rotnøkkelen dette stedet stoler på (sjekk rotfingeravtrykket)
bundle-bad-root-rotation = tillitspakkens kjede av rotnøkkelbytter er ugyldig
bundle-bad-signature = tillitspakkens signatur er ugyldig (endret eller skadet)
bundle-invalid-content = innholdet i tillitspakken er ugyldig: { $reason }
bundle-from-the-future = tillitspakken sier at den er utstedt fram i tid; sjekk klokka på denne maskinen
bundle-rollback = tillitspakken er eldre (versjon { $offered }) enn den i bruk (versjon { $current }); beholdt den i bruk
setup-not-setup = dette er ikke en oppsettskode for et sted (den begynner med { $prefix }…)
setup-bad-field = oppsettskodens «{ $field }» mangler eller er ugyldig
keyfile-exists = { $path } finnes allerede; en nøkkel blir aldri overskrevet
keyfile-insecure = { $path } har rettighetene { $mode }; en privat nøkkel skal bare kunne leses av eieren (chmod 600 { $path })
keyfile-bad-file = { $path } er ikke en nøkkelfil fra dette systemet
keyfile-bad-ring = nøkkelringen { $path }: { $reason }
keyfile-no-signing-key = ingen signeringsnøkkel gjelder { $day }; bytt signeringsnøkkel
keyfile-random = operativsystemets tilfeldighetsgenerator feilet: { $reason }
image-not-an-image = ikke et lesbart PNG- eller JPEG-bilde
image-broken = bildet kunne ikke leses ({ $reason })
image-truncated = bildet kunne ikke leses (det er avkortet)
image-too-large = bildet er for stort ({ $width }×{ $height })
image-file-too-large = filen er for stor
image-no-qr = fant ingen lesbar QR-kode i bildet

## Innstillinger (verifier settings)
settings-limits = Tillitspakkens alder: advarsel fra { $warn } dager, kort avvises fra { $refuse } dager (endre med --stale-warn-days N --stale-refuse-days N).
settings-fresh = Tillitspakken i bruk (versjon { $version }) er fersk.
settings-old = Tillitspakken i bruk (versjon { $version }) er { $age } dager gammel: kjør «verifier update».

## Tilbakestille klokka (verifier clock-reset)
clock-reset-not-behind = Klokka på denne maskinen ({ $now }) er ikke bak det seneste tidspunktet som er sett her; ingenting er endret.
clock-reset-unconfirmed = Seneste tidspunkt sett her er { $mark }, men klokka på denne maskinen viser { $now }. Hvis klokka stemmer nå (den gikk for fort før), kjør dette på nytt med --confirm for å sette seneste tidspunkt tilbake til nå. Besøk som allerede er registrert, teller fortsatt. Ingenting er endret.
clock-reset-done = Seneste tidspunkt sett ble satt tilbake fra { $from } til { $to }, og tilbakestillingen er registrert i registreringsloggen. Besøk som allerede er registrert, teller fortsatt.

## Parede enheter og angring som kan spores (verifier pair, devices, serve)
pair-made = Paringskode: { $code } (gjelder til { $time }, én gang).
pair-how = Åpne stasjonens side på nettbrettet og skriv inn koden. «verifier devices» viser parede enheter; «verifier devices revoke NR» trekker en tilbake.
pair-title = Koble til denne enheten
pair-intro = Denne enheten er ikke paret med stasjonen ennå. Kjør «verifier pair» på stasjonen og skriv inn koden den viser her. En kode gjelder i 10 minutter og kan brukes én gang.
pair-code = Paringskode
pair-label = Navn på enheten (valgfritt)
pair-submit = Koble til
pair-malformed = En paringskode er 8 sifre, som 1234-5678.
pair-no-code = Ingen paringskode er åpen. Kjør «verifier pair» på stasjonen og skriv inn koden den viser.
pair-wrong = Feil paringskode; { $left ->
    [0] koden er ugyldig nå. Lag en ny med «verifier pair».
    [one] 1 forsøk igjen før koden blir ugyldig.
   *[other] { $left } forsøk igjen før koden blir ugyldig.
}
pair-expired = Denne paringskoden er utløpt. Lag en ny med «verifier pair».
pair-void = Denne paringskoden er brukt eller ugyldig etter feil forsøk. Lag en ny med «verifier pair».
serve-not-paired = DENNE ENHETEN ER IKKE PARET
serve-not-paired-hint = Ingenting er registrert. Kjør «verifier pair» på stasjonen og skriv inn koden på denne siden (last den inn på nytt).
serve-pair-code = Paringskode for et nettbrett: { $code } (gjelder til { $time }; «verifier pair» lager en ny).
undo-confirm = ANGRE? · { $benefit } registrert { $time }
undo-confirm-yes = Ja, angre dette besøket
undo-card = Kort { $card } · registrert { $time }
devices-none = Ingen enheter er paret. «verifier pair» lager en paringskode.
devices-row = { $id }  { $label }  paret { $paired } · { $status }
devices-active = aktiv
devices-revoked = trukket tilbake { $time }
devices-no-label = (uten navn)
device-revoked = Enhet { $id } er trukket tilbake: stasjonen avviser den fra neste forespørsel.
device-already-revoked = Enhet { $id } var allerede trukket tilbake.
error-undo-changed = et annet besøk ble registrert etter det som ble vist for bekreftelse; ingenting er angret (trykk angre på nytt)
error-unknown-device = det finnes ingen paret enhet med nummer { $id }; «verifier devices» viser dem
pair-too-many = For mange paringsforsøk på denne stasjonen; vent et minutt og prøv igjen.

## Stasjonen holder seg oppdatert (bakgrunnsoppdatering i serve, scan, redeem -)
update-seconds = { $n } s
update-start = Automatisk oppdatering: hvert { $every } fra { $url } (endre med --update-every, f.eks. 30m, eller off).
update-auto-on = Oppdaterer seg selv hvert { $every }.
update-auto-off = Automatisk oppdatering er slått av (--update-every off): kjør «verifier update» jevnlig.
update-auto-no-url = Automatisk oppdatering er av: dette stedet ble satt opp fra en fil og kjenner ingen adresse til tillitspakken. Kjør «verifier update --url URL» med adressen fra oppsettskoden.
update-last-ok = Sist oppdatert fra utstederen: { $when } (tillitspakke versjon { $version }).
update-failed = Siste forsøk ({ $when }) mislyktes: { $reason }
update-fix = Kortene sjekkes fortsatt, med tillitspakke versjon { $version }. Sjekk at maskinen er på nett; den prøver igjen av seg selv.
update-stale = Advarsel: tillitspakken er { $age } dager gammel. Kortene sjekkes fortsatt, men om { $left } dager godtas ingen kort. Sjekk at maskinen er på nett; den oppdaterer seg selv.
update-too-old = Tillitspakken er { $age } dager gammel: kort avvises til den er oppdatert. Sjekk at maskinen er på nett; den oppdaterer seg selv.
update-reports-sent = Bruksrapporter sist sendt { $when }.
update-reports-failed = Bruksrapporter: { $reason }
error-bad-update-interval = «{ $text }» er ikke et oppdateringsintervall; oppgi et helt antall sekunder, minutter eller timer fra 1s til 24h, som 30s, 15m eller 1h, eller off for ingen bakgrunnsoppdatering

## Per-venue pseudonyms (issue 14)
error-bad-station-secret = stasjonshemmeligheten { $path } kan ikke brukes: { $reason }; rett rettighetene (chmod 600); bare hvis den er tapt: flytt den bort (en ny lages, og alle kortenes kvoter her starter på nytt)
undo-card-type = { $type } · registrert { $time }

## Ticket budgets per venue and companions (issue 15)
error-companion-too-late = ledsager kan bare registreres for siste besøk, innen { $minutes } minutter etter skanningen; ingenting er endret
error-bad-budget-share = «{ $text }» er ikke en budsjettandel; oppgi denne stasjonens nummer og hvor mange stasjoner stedet har, for eksempel 1/2 (høyst 100 stasjoner)
verdict-budget-exhausted = ALLE BILLETTENE ER BRUKT · { $divided ->
    [yes] denne stasjonens { $portion } av stedets { $count }
   *[no] stedets { $count }
} for { $period }
hint-budget-exhausted = { $benefit }: stedet har gitt alle billettene sine for denne perioden. Kortet selv har plass; kommunen kan kjøpe flere billetter.
warning-budget = Merk: { $used } av { $portion } billetter for { $period } er brukt, { $left } igjen.
budget-period = { $per ->
    [year] { $year }
    [month] { $month ->
        [1] januar
        [2] februar
        [3] mars
        [4] april
        [5] mai
        [6] juni
        [7] juli
        [8] august
        [9] september
        [10] oktober
        [11] november
       *[12] desember
    } { $year }
    [week] uka fra { $from }
   *[day] { $from }
}
companion-ask = Kom det en voksen med? Trykk + for å registrere ledsageren.
companion-came = LEDSAGER REGISTRERT · { $benefit }
companion-none = BARE BARNET · { $benefit }
serve-companion-yes = Med ledsager
serve-companion-no = Bare barnet
settings-budget-share = Budsjettandel: stasjon { $station } av { $of } (stedets billettbudsjetter deles mellom { $of } stasjoner).
error-ca-file-unreadable = kan ikke lese sertifikatutstederfilen (--ca-file, VERIFIER_CA_FILE): { $reason }
error-ca-file-empty = { $path } inneholder ikke noe sertifikat (en PEM-fil med -----BEGIN CERTIFICATE-----, for eksempel root.crt fra utstederens sertifikatutsteder) for --ca-file (VERIFIER_CA_FILE)
log-pre-upgrade-copy = kopien av den før oppgraderingen kunne ikke lages ({ $reason }); ingenting er oppgradert
bundle-bad-delegation = tillitspakkens signeringsnøkkel er ikke godkjent av rotnøkkelen (forfalsket eller skadet)
bundle-outside-delegation = tillitspakken ble laget utenfor tiden signeringsnøkkelen dens fikk signere tillitspakker
keyfile-issuer-root = utstederens rotnøkkel: { $reason }
# En kode som ikke kunne leses (ikke det samme som et falskt kort).
verdict-unreadable = KODEN KUNNE IKKE LESES
# Nettbrettets lydknapp (lagres i nettleseren).
serve-sound-on = Lyd: på
serve-sound-off = Lyd: av
# Sperrelisten kunne ikke leses fra tillitspakken på maskinen (SPEC §7, revoked_list_unreadable): stasjonens problem, ikke kortets.
verdict-list-unreadable = STOPP · kunne ikke lese sperrelisten
hint-revoked-list-unreadable = Tillitspakken på maskinen ble endret eller kunne ikke leses under sjekken. Skann igjen; skjer det igjen, kjør «verifier update». Ingenting er registrert.
error-revoked-list-unreadable = listen over sperrede kort i tillitspakken på maskinen kunne ikke leses ({ $kind ->
        [changed] filen ble endret etter at den ble åpnet
       *[read] filen kunne ikke leses
    }); ingenting er registrert: sjekk kortet igjen, og kjør «verifier update» om det skjer igjen
