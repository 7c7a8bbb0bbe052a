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
hint-bad-encoding = Koden kunne ikke leses. Skann på nytt; er kortet skadet, be familien kontakte den som delte ut kortet.
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
report-row = { $day }  { $cardtype } · { $benefit }: { $count } besøk{ $comp ->
    [none] {""}
    [one] {" + 1 ledsager"}
   *[other] {" + "}{ $companions } ledsagere
}
report-empty = Ingen besøk registrert i perioden.
