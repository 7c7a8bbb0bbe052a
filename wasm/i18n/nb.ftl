# The station page (/stasjon): the answers in the verifier binary's words
# (copied; wasm/src/texts.rs checks they stay equal), then the page's own.

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
verdict-clock-behind = STOPP · klokka på maskinen er feil
verdict-bundle-too-old = STOPP · tillitspakken er for gammel
verdict-budget-exhausted = ALLE BILLETTENE ER BRUKT · { $divided ->
    [yes] denne stasjonens { $portion } av stedets { $count }
   *[no] stedets { $count }
} for { $period }
hint-quota-exhausted = { $benefit }: { $limit } er brukt opp.{ $next ->
    [yes] {""}
   *[no] {" Kortet kan ikke brukes til dette her igjen."}
}
hint-budget-exhausted = { $benefit }: stedet har gitt alle billettene sine for denne perioden. Kortet selv har plass; kommunen kan kjøpe flere billetter.
hint-revoked = Kortet er meldt tapt eller sperret. Be familien kontakte den som delte ut kortet.
hint-expired = Kortet gjaldt til og med { $date }.
hint-not-yet-valid = Kortet gjelder fra { $date }.
hint-not-valid-here = Dette kortet gir ikke noe tilbud her.
hint-validity-too-long = Kortets gyldighet er lengre enn korttypen tillater.
hint-key-not-valid = Kortet er signert med en nøkkel som ikke gjaldt da kortet ble laget.
hint-bad-signature = Kortet er ikke ekte eller er skadet.
card-line = Kort { $number } · { $cardtype } · gyldig { $from }–{ $until }
quota-limit = { $count } { $per ->
    [day] per dag
    [week] per uke
    [month] per måned
    [year] per år
   *[validity] i hele gyldighetstiden
}
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
warning-budget = Merk: { $used } av { $portion } billetter for { $period } er brukt, { $left } igjen.
companion-came = LEDSAGER REGISTRERT · { $benefit }
companion-none = BARE BARNET · { $benefit }
hint-bad-encoding = Skru opp lysstyrken på telefonen, hold koden i ro, eller bruk det trykte kortet. Går det fortsatt ikke, kan kortet være skadet: be familien kontakte den som delte ut kortet.
hint-unsupported-version = Kortet er av en nyere type. Åpne siden på nytt når telefonen er på nett.
hint-unknown-key = Kortet er signert med en nøkkel denne stasjonen ikke kjenner ennå. Stasjonen henter nye nøkler selv når telefonen er på nett; prøv igjen etterpå.
hint-unknown-card-type = Korttypen er ukjent her. Stasjonen henter nye korttyper selv når telefonen er på nett; prøv igjen etterpå.
hint-clock-behind = Klokka på denne telefonen viser { $now }, men { $seen } er allerede sett her ({ $minutes } minutter senere). Rett dato og klokkeslett (helst automatisk tid), og skann på nytt. Ingenting er registrert.
hint-bundle-too-old = Stasjonens kortliste er { $age } dager gammel; grensen er { $limit } dager. Koble telefonen til internett; stasjonen oppdaterer seg selv. Ingenting er registrert.
warning-stale = Advarsel: stasjonens kortliste er { $age } dager gammel. Koble telefonen til internett snart; om { $left } dager godtas ingen kort.
verdict-no-bundle = STOPP · stasjonen er ikke satt opp
hint-no-bundle = Sett opp stasjonen med stedets oppsettskode først.
title = Stasjon for aktivitetskortet
setup-heading = Sett opp stasjonen
setup-intro = Skann eller lim inn stedets oppsettskode. Du får den fra kommunens administrator.
setup-label = Oppsettskode
setup-submit = Sett opp
setup-invalid = Dette er ikke en oppsettskode for et sted. Den begynner med «aktivitetskort-setup:1;». Be kommunens administrator om en ny.
setup-other-issuer = Denne oppsettskoden hører til en annen kommunes kortsystem ({ $origin }). Åpne stasjonssiden der.
setup-fetching = Henter kortlisten …
setup-no-network = Fikk ikke hentet kortlisten: telefonen er ikke på nett, eller serveren svarer ikke. Prøv igjen når telefonen er på nett.
setup-done = Satt opp for { $venue }.
scan-heading = Skann kort
scan-start = Start kamera
scan-stop = Stopp kamera
scan-text-label = Kortets kode (fra skanner eller skrevet inn)
scan-submit = Kontroller
camera-denied = Kameraet er ikke tillatt for denne siden. Tillat kamera i nettleserens innstillinger, eller bruk en skanner.
camera-none = Fant ikke noe kamera. Bruk en skanner eller skriv inn koden.
answer-at = kl. { $time }
companion-yes = Med ledsager
companion-no = Bare barnet
undo-last = Angre siste besøk
undo-done = ANGRET · { $benefit } registrert { $time }
undo-nothing = Ingen besøk å angre.
sound-on = Lyd på
sound-off = Lyd av
status-heading = Status
status-bundle = Kortliste versjon { $version }, hentet { $when }.
status-offline = Uten nett: stasjonen virker som før og oppdaterer seg når nettet er tilbake.
status-updated = Kortlisten er oppdatert til versjon { $version }.
status-visits = Besøk registrert her i dag: { $count }
storage-refused = Denne nettleseren kan ikke lagre besøkene (privat modus eller lagring avslått). Stasjonen registrerer ingenting her. Åpne siden i et vanlig nettleservindu.
storage-not-persistent = Merk: nettleseren har ikke lovet å ta vare på besøkene hvis telefonen får lite plass. Legg siden til på hjemskjermen.
key-pending = Stasjonens nøkkel venter på godkjenning hos kommunen; rapportene sendes når den er godkjent.
key-approved = Stasjonens nøkkel er godkjent; bruken rapporteres av seg selv.
key-unsupported = Denne nettleseren kan ikke lage en stasjonsnøkkel (Ed25519), så bruken rapporteres ikke herfra. Bruk en nyere nettleser.
report-sent = Bruksrapport for { $month } er sendt.
bundle-not-a-bundle = Det som ble hentet er ikke en kortliste fra kommunen. Sjekk oppsettskoden.
bundle-unsupported-format = Kortlisten er av en nyere type enn denne siden kjenner. Last inn siden på nytt.
bundle-untrusted-root = Kortlisten er ikke signert av nøkkelen i stedets oppsettskode. Be kommunen om en ny oppsettskode.
bundle-bad-signature = Kortlisten er skadet eller endret underveis; den er ikke tatt i bruk.
bundle-invalid-content = Kortlisten har ugyldig innhold; den er ikke tatt i bruk.
bundle-from-the-future = Kortlisten er datert fram i tid: klokka på telefonen er sannsynligvis feil. Rett klokka.
bundle-rollback = Den hentede kortlisten er eldre enn den stasjonen har; den gamle beholdes.
bundle-unknown-venue = Stedet i oppsettskoden finnes ikke i kommunens kortliste. Be kommunen om en ny oppsettskode.
bundle-outside-delegation = Kortlisten er signert med en nøkkel utenfor tiden kommunen ga den; den er ikke tatt i bruk. Si fra til kommunen.
# En kode som ikke kunne leses (ikke det samme som et falskt kort).
verdict-unreadable = KODEN KUNNE IKKE LESES
# Sperrelisten kunne ikke leses (SPEC §7, revoked_list_unreadable): stasjonens problem, ikke kortets.
verdict-list-unreadable = STOPP · kunne ikke lese sperrelisten
hint-revoked-list-unreadable = Stasjonens kortliste kunne ikke leses under sjekken. Skann igjen; skjer det igjen, last siden på nytt. Ingenting er registrert.
