# Organisationens sida: kanalförteckningen som kalkylark, enkäten, kontrollfrågor, chefer.

channels-export = Ladda ner som CSV
channels-file-name = kanaler
channels-import = Läs in kanaler från ett kalkylark
channels-import-help = Spara kalkylarket som CSV (semikolon eller komma, UTF-8 eller Excels vanliga teckenkodning går bra). Rader vars adress redan finns i förteckningen uppdaterar den kanalen; övriga läggs till. Du ser först vad som läggs till och ändras, och ingenting sparas förrän du bekräftar. Finns det ett enda fel sparas ingenting, och varje fel visas med rad och kolumn.
channels-import-columns = Kolumner (i valfri ordning; plattform, namn och adress krävs):
channels-import-file = CSV-fil
channels-import-submit = Läs in
channels-import-nothing = Ingenting har sparats.
channels-import-done = Klart: { $added ->
        [one] 1 kanal tillagd
       *[other] { $added } kanaler tillagda
    }, { $updated ->
        [one] 1 uppdaterad
       *[other] { $updated } uppdaterade
    }, { $unchanged ->
        [one] 1 oförändrad
       *[other] { $unchanged } oförändrade
    }.
channels-import-added = Tillagda
channels-import-updated = Uppdaterade
channels-import-read-as = Filen lästes som { $encoding }, { $delimiter }, { $rows } rader.
delimiter-semicolon = avgränsad med semikolon
delimiter-comma = avgränsad med komma
delimiter-tab = avgränsad med tabb
import-problem = Rad { $row }, kolumn ”{ $column }”:
import-more-problems = … och { $count } fel till.
error-import-platform = Okänd plattform. Använd till exempel Facebook, Instagram, LinkedIn, X, YouTube, TikTok, Mastodon, Bluesky, Webbplats, Nyhetsbrev eller Annat.
error-import-unit = Det finns ingen enhet med det namnet. Lägg till enheten under Organisation först, eller rätta namnet.
error-import-person = Ingen person har den e-postadressen i Lykta.
error-import-status = Okänt läge. Använd Aktiv, Vilande, Stängd, Begärd eller Avslagen.
error-import-date = Datumet går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD.
error-import-duplicate-url = Samma adress står redan på rad { $value }.
error-table-empty = Filen är tom.
error-table-too-large = Filen är större än 1 MB. Dela upp den.
error-table-too-many-rows = Filen har fler än 5 000 rader. Dela upp den.
error-table-malformed = Rad { $row } går inte att läsa: { $message }
error-table-missing-column = Kolumnen ”{ $column }” saknas i första raden.
error-table-unknown-column = Kolumnen ”{ $column }” känns inte igen. Ta bort den eller byt namn på den.
error-table-duplicate-column = Kolumnen ”{ $column }” finns två gånger.
error-table-no-rows = Filen har inga rader utöver rubrikraden.
channel-guidelines = Riktlinjer kvitterade
channel-guidelines-version = version { $number }
health-guidelines-not-acknowledged = Alla ansvariga har inte kvitterat riktlinjerna som gäller.
error-channel-url-taken-title = Adressen finns redan
unit-managers = Chefer
unit-managers-of = Chefer för { $unit }
unit-managers-help = En chef följer sin enhet: vilka som har läst och kvitterat riktlinjerna, enhetens svar på enkäter, och kan ladda ner det som CSV.
guidelines-my-units = Din enhet
guideline-unit-people = Personer i enheten
guideline-unit-names = Namn
guideline-questions = Kontrollfrågor (frivilligt)
guideline-questions-hint = En fråga per stycke, med en tom rad emellan. Första raden är frågan; varje svar på en egen rad som börjar med -, det rätta med *. Högst 10 frågor med 2–6 svar var.
quiz-problem-at = Fråga { $number }:
error-quiz-too-many = Högst 10 kontrollfrågor.
error-quiz-no-question = Börja med frågan, och skriv svaren på raderna under.
error-quiz-long = Frågan är längre än 300 tecken.
error-quiz-line = Varje rad under frågan ska vara ett svar som börjar med - eller *.
error-quiz-answer = Ett svar är tomt eller längre än 200 tecken.
error-quiz-answers = Skriv mellan två och sex svar.
error-quiz-right = Markera exakt ett rätt svar med *.
guideline-quiz-intro = Svara på frågorna innan du bekräftar. De visar om något i riktlinjerna är otydligt.
guideline-quiz-wrong = Några svar blev inte rätt. Läs avsnittet igen och svara på nytt.
guideline-quiz-missing = Svara på alla frågor.
guideline-quiz-not-right = Inte riktigt – läs igen och välj på nytt.
guideline-quiz-stats = Kontrollfrågorna
guideline-question = Fråga
guideline-quiz-answered = Har svarat
guideline-quiz-wrong-once = Svarade fel minst en gång
admin-surveys = Enkäter
surveys-help = Fråga enheterna vilka tjänster de har provat, till vad och med vilket resultat. Svaren visas per enhet, bredvid enhetens kanaler i kanalförteckningen.
surveys-mine = Att svara på för din enhet
surveys-mine-none = Inga öppna enkäter till din enhet.
surveys-all = Alla enkäter
surveys-none = Inga enkäter ännu.
survey-new = Skicka en ny enkät
survey-default-title = Vilka tjänster har ni provat?
survey-default-intro = Vilka sociala medier och andra tjänster har er enhet provat, till vad, och med vilket resultat? Ta med sådant ni har slutat med också.
survey-intro = Inledning
survey-units = Enheter som får enkäten
survey-closes-on = Sista svarsdag
survey-closes-hint = Frivilligt. Enkäten tar emot svar till och med den dagen.
survey-send = Skicka enkäten
survey-closes = sista svarsdag { $date }
survey-answered = Har svarat
survey-answered-of = { $answered } av { $units } enheter har svarat
survey-sent = Skickad
survey-state-open = Öppen
survey-state-closed = Stängd
survey-close = Stäng enkäten
survey-summary = Tjänster som enheterna har provat
survey-service = Tjänst
survey-units-tried = Enheter
survey-result = Resultat
survey-result-good = Fungerade bra
survey-result-mixed = Blandat
survey-result-poor = Fungerade inte
survey-result-unknown = Vet inte än
survey-used-for = Till vad
survey-comment = Kommentar
survey-row = Tjänst { $number }
survey-no-answers = Inga svar ännu.
survey-their-answer = Enhetens svar
survey-answered-by = Senast sparat av { $name }, { $date }.
survey-tried-nothing = Enheten har inte provat några tjänster.
survey-not-answered = Inte besvarad än.
survey-not-in-inventory = Finns inte i kanalförteckningen.
survey-their-channels = Enhetens kanaler i förteckningen
survey-no-channels = Inga kanaler.
survey-saved = Svaret är sparat. Alla i enheten kan se och ändra det tills enkäten stängs.
survey-is-closed = Enkäten är stängd och tar inte emot fler svar.
survey-answer-help = En rad per tjänst. Tomma rader sparas inte; spara för att få fler tomma rader. Enheten har ett gemensamt svar.
survey-save = Spara svaret
mail-survey-subject = Enkät: { $title } ({ $unit })
mail-survey-body = Hej!

    Kommunikationsavdelningen vill veta vilka tjänster { $unit } har provat.

    { $intro }

    Svara här: { $url }
error-survey-units = Välj minst en enhet.
error-survey-closes = Sista svarsdagen har redan varit.
error-survey-result = Välj ett resultat i listan.
error-survey-rows = Högst 30 tjänster i ett svar.
error-survey-closed-title = Enkäten är stängd
error-survey-closed = Enkäten tar inte emot svar längre.
error-stale-survey-title = Någon annan har sparat
error-stale-survey = Någon annan i enheten sparade svaret medan du skrev. Din text är kvar i formuläret men sparades inte. Den andras version visas här under. För över det du vill behålla och spara igen.
incident-files = Skärmbilder
incident-files-none = Inga skärmbilder ännu.
incident-files-later = Skärmbilder lägger du till på nästa sida, när händelsen är rapporterad.
incident-file = Skärmbild
incident-file-hint = JPEG, PNG, WebP eller GIF, högst 10 MB. Bilden sparas om utan metadata och syns bara för dig och kommunikationsavdelningen.
incident-file-description = Vad bilden visar
incident-file-add = Lägg till skärmbilden
error-incident-files-full-title = Inte fler skärmbilder
error-incident-files-full = En händelse kan ha högst 10 skärmbilder.
error-no-such-person-title = Okänd person
error-file-corrupt-title = Bilden går inte att läsa
survey-remind = Påminn enheter som inte har svarat
survey-reminded = { $count ->
    [0] Inga nya påminnelser: de som inte har svarat har redan påmints i dag.
    [one] En påminnelse skickas.
   *[other] { $count } påminnelser skickas.
}
mail-survey-reminder-subject = Påminnelse: { $title } ({ $unit })
survey-nobody-to-ask = Ingen i Lykta hör till enheten, så ingen har fått enkäten. Fråga enheten på annat sätt, eller lägg till personer och en chef.
dashboard-to-do = Att göra
dashboard-acknowledge = Läs och bekräfta { $title }, version { $number }
dashboard-survey = Svara på enkäten ”{ $title }” för { $unit }
