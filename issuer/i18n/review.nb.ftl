# The municipality's own review of a language of the families' texts
# (/admin/texts, "Gjennomlesing"): staff pages, bokmål.

review-heading = Gjennomlesing av en tolk eller oversetter
review-intro = Last ned tekstene på dette språket som en fil og gi den til en tolk eller oversetter. Fila viser bokmålsteksten og hvor på sidene hver tekst står. Last opp den gjennomleste fila her: du ser endringene før de gjelder, og språket merkes som lest gjennom av kommunen. Da viser sidene for familiene ikke lenger merknaden om maskinoversettelse.
review-download = Last ned fila for gjennomlesing
review-upload-label = Gjennomlest fil (.ftl)
review-upload = Last opp og se endringene
review-reviewed-on = Lest gjennom av kommunen { $date }.
review-title = Gjennomlest fil: endringene
review-changes = { $count ->
    [0] Fila endrer ingen tekster. Du kan likevel merke språket som lest gjennom.
    [one] Fila endrer én tekst:
   *[other] Fila endrer { $count } tekster:
}
review-message = Tekst
review-before = Nå
review-after = Etter gjennomlesingen
review-apply-hint = Endringene gjelder med en gang for telefonkortet og lista over tilbud, og språket merkes som lest gjennom av kommunen med dagens dato.
review-apply = Ta i bruk og merk språket som lest gjennom
review-back = Tilbake til tekstene
review-applied = { $lang } er lest gjennom av kommunen. { $count ->
    [0] Ingen tekster er endret.
    [one] Én tekst er endret.
   *[other] { $count } tekster er endret.
}
review-refused = Fila ble ikke tatt i bruk, og ingenting er endret: { $reason }
review-error-empty = fila har ingen tekster.
review-error-too-large = fila er for stor (høyst { $max } KiB).
review-error-not-text = fila er ikke en tekstfil (UTF-8).
review-error-language = fila er for et annet språk ({ $tag }). Last ned fila for dette språket.
review-error-syntax = fila har en feil fra linje { $line }: sjekk at hver {"{"} har en tilhørende {"}"}, og at tekster over flere linjer er rykket inn.
review-error-duplicate = teksten { $id } står to ganger i fila.
review-error-message = teksten { $id }: { $reason }
review-file-title = Aktivitetskort: tekstene for familiene på { $lang } ({ $tag }), lastet ned { $date }, til gjennomlesing.
review-file-help-1 = Endre bare teksten etter «=». Linjer som begynner med # er merknader: bokmålsteksten og hvor teksten står.
review-file-help-2 = La { "{ $navn }" } stå slik de er skrevet: siden fyller dem inn. Hvis en tekst går over flere linjer, begynn hver ny linje med mellomrom.
review-file-help-3 = Valgene i { "{ $count -> … }" } er grammatiske former for tall (one, few, many, other …); behold dem.
review-file-help-4 = Skriv aldri noe om inntekt, behov eller hvem kortet er for. Lagre fila som UTF-8 og send den tilbake.
review-file-bokmal = Bokmål:
