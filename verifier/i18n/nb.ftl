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
