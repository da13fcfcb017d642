# Lykta – svenska
skip-to-content = Hoppa till innehållet
nav-site = Webbplatsen
admin = Redigera
sign-in = Logga in
sign-out = Logga ut
phone = Telefon
powered-by = Publicerad med Lykta.
accessibility-statement = Tillgänglighetsredogörelse
front-description = Våra bloggar berättar om arbetet i verksamheterna, av dem som gör det.
our-blogs = Våra bloggar
latest-posts = Senaste inläggen
no-posts = Här finns inga inlägg ännu.
internal-blog = Intern blogg – bara för medarbetare
pagination = Sidor
newer-posts = ← Nyare inlägg
older-posts = Äldre inlägg →
page-of = Sida { $page } av { $pages }
by = av
tags = Ämnen
tag-heading = Inlägg om { $tag }
updated = Uppdaterad
back-to-blog = Tillbaka till { $blog }
go-home = Till startsidan
month-1 = januari
month-2 = februari
month-3 = mars
month-4 = april
month-5 = maj
month-6 = juni
month-7 = juli
month-8 = augusti
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

error-not-found-title = Sidan finns inte
error-not-found = Vi hittar inte sidan du söker. Den kan ha flyttats, eller så är adressen felstavad.
error-gone-title = Inlägget är borttaget
error-gone = Inlägget har avpublicerats och finns inte längre på webbplatsen.
error-forbidden-title = Du har inte behörighet
error-forbidden = Ditt konto får inte göra det här. Be en administratör om hjälp om du behöver det.
error-csrf-title = Formuläret kunde inte skickas
error-csrf = Formuläret var för gammalt eller kom från en annan webbplats. Ladda om sidan och försök igen.
error-too-many-title = För många försök
error-too-many = Du har försökt för många gånger. Vänta en stund och försök igen.
error-internal-title = Något gick fel
error-internal = Ett tekniskt fel uppstod. Ingenting du skrev har gått förlorat i databasen. Försök igen om en stund.
error-action-title = Okänd åtgärd
error-action = Åtgärden finns inte.
error-version-title = Formuläret saknar version
error-version = Formuläret saknar versionsnummer. Ladda om sidan och försök igen.
error-upload-title = Uppladdningen misslyckades
error-upload = Filen kom inte fram hel. Försök igen.

error-required = Fältet måste fyllas i.
error-too-long = Texten är för lång.
error-control-chars = Texten innehåller otillåtna tecken.
error-body-too-long = Texten är för lång (högst 200 000 tecken).
error-slug-empty = Adressen måste innehålla minst en bokstav eller siffra.
error-slug-reserved = Adressen är reserverad. Välj en annan.
error-busy-title = Många skriver just nu
error-busy = Det du skickade sparades inte, eftersom många skriver samtidigt. Gå tillbaka och skicka igen om en liten stund.
error-comments-slow = Just nu väntar många kommentarer på att läsas, så vi tar inte emot nya från nya avsändare. Din text är kvar här – försök igen om en stund.
comments-slow-title = Kommentarerna tar en paus
comments-slow-kept = Din kommentar (kopiera den om du vill skicka den senare)
comments-slow-back = Tillbaka till ”{ $title }”
error-incident-too-many = Du har rapporterat många händelser den senaste timmen. Din text är kvar – skicka den om en stund, eller ring kommunikationsavdelningen om det brådskar.
error-too-large-title = För stort
error-too-large = Det du skickade är för stort. En bild får vara högst 10 MB och ett formulär högst 512 kB.
error-slug-long = Adressen får vara högst 80 tecken.
error-slug-taken = Adressen används redan. Välj en annan.
error-email = Skriv en giltig e-postadress, till exempel namn@exempel.se.
error-email-taken = Det finns redan ett konto med den e-postadressen.
error-language = Välj svenska eller engelska.
error-audience = Välj publik eller intern.
error-state = Okänt läge.
error-role = Välj en roll.
error-datetime = Skriv datum och tid som ÅÅÅÅ-MM-DD TT:MM.
error-unit = Välj en enhet i listan.
error-tag = Ett ämne får ha högst 50 tecken och måste innehålla en bokstav eller siffra.
error-too-many-tags = Högst 10 ämnen per inlägg.
error-author = Välj författare i listan.
error-media = Välj en bild i listan.
error-alt-required = Bilden behöver en alternativtext som beskriver den.
error-number = Skriv ett heltal mellan 0 och 1000.
error-schedule-past = Tiden har redan passerat. Välj en tid framåt.
error-publish-empty = Inlägget saknar text och kan inte publiceras.
error-stale = Någon annan har sparat inlägget medan du skrev. Din text är kvar i formuläret men sparades inte. Kopiera det du vill behålla och ladda om sidan.
error-sign-in = Fel e-postadress eller lösenord.
error-locked = Kontot är låst en stund efter för många felaktiga försök. Försök igen om 15 minuter.
error-password-required = Skriv ditt lösenord.
error-password-short = Lösenordet måste ha minst 10 tecken.
error-file-required = Välj en bildfil.
error-file-too-large = Filen är för stor. Största storlek är 10 MB.
error-file-type = Filtypen stöds inte. Använd JPEG, PNG, WebP eller GIF.
error-file-pixels = Bilden har för många bildpunkter (högst 40 megapixel).
error-file-corrupt = Filen är skadad eller ingen riktig bild.

notice-saved = Sparat.
form-has-errors = Formuläret innehåller fel. Rätta fälten nedan.
required = obligatoriskt
email = E-postadress
password = Lösenord
new-password = Nytt lösenord
password-hint = Minst 10 tecken.
name = Namn
job-title = Yrkestitel
bio = Kort presentation
photo = Porträttbild
role = Roll
role-admin = Administratör
add-user = Lägg till person
signed-in-as = Inloggad som { $name }.

admin-dashboard = Översikt
admin-media = Bilder
admin-profile = Min profil
admin-users = Personer
admin-organisation = Organisationen
admin-new-blog = Ny blogg
admin-edit-blog = Bloggens inställningar
admin-posts = Inlägg
admin-new-post = Nytt inlägg
admin-edit-post = Redigera inlägg
admin-new-page = Ny sida
admin-edit-page = Redigera sida
blog = Blogg
blog-name = Bloggens namn
org-name = Organisationens namn
slug = Adress
slug-hint = Lämna tomt för att skapa adressen från namnet. Å, ä och ö blir a, a och o.
tagline = Undertitel
language = Språk
language-sv = Svenska
language-en = Engelska
audience = Publik
audience-public = Publik – alla kan läsa
audience-internal = Intern – bara inloggade medarbetare
unit = Enhet
units = Enheter
building-blocks = Förutsättningar: syfte, mål, tid och engagemang
purpose = Syfte
purpose-hint = Vad ska bloggen göra, och varför?
goal = Mål
goal-hint = Vad vill ni uppnå? Gärna något som går att mäta.
resources = Tid och resurser
resources-hint = Vilka skriver, hur ofta, och vem har gett tid till det?
engagement = Engagemang
engagement-hint = Vilka brinner för det här, och är cheferna med?
view-blog = Visa bloggen
view-post = Visa inlägget
title = Rubrik
excerpt = Ingress
excerpt-hint = En eller två meningar som visas i listor och när inlägget delas.
body = Text
markdown-hint = Skriv i Markdown: ## för underrubrik, *kursiv*, **fet**, [länktext](adress), - för punktlista.
tags-hint = Skilj ämnen åt med kommatecken.
authors = Författare
cover-image = Omslagsbild
no-image = Ingen bild
alt-text = Alternativtext
alt-hint = Beskriv vad bilden visar för den som inte ser den.
save = Spara
save-draft = Spara utkast
preview = Förhandsvisning
publishing = Publicering
publish-now = Publicera nu
publish-at = Publiceringstid (svensk tid)
schedule = Schemalägg
unpublish = Avpublicera
back-to-draft = Gör till utkast
state = Läge
state-draft = Utkast
state-scheduled = Schemalagt
state-published = Publicerat
state-unpublished = Avpublicerat
revisions = Versioner
version = version
event-created = Skapat
event-edited = Redigerat
event-published = Publicerat
event-scheduled = Schemalagt
event-unpublished = Avpublicerat
event-draft = Gjort till utkast
event-published-on-schedule = Publicerat enligt schema
pages = Sidor
no-pages = Inga sidor ännu.
hidden = dold
position = Ordning i menyn
page-published = Visa sidan på webbplatsen
image-file = Bildfil
upload-hint = JPEG, PNG, WebP eller GIF, högst 10 MB. Platsdata och annan metadata tas bort.
upload = Ladda upp
no-media = Inga bilder ännu.
logo = Logotyp
unit-name = Enhetens namn
add-unit = Lägg till enhet
no-units = Inga enheter ännu.
error-unit-taken = Det finns redan en enhet med det namnet.
writing-aids = Skrivstöd
readability-summary = { $measure } { $score } ({ $words } ord, { $sentences } meningar):
readability-help-lix = LIX = ord per mening + andel ord med fler än sex bokstäver i procent. Under 30 mycket lätt, 30–40 lätt, 40–50 medel, 50–60 svår, över 60 mycket svår. Myndighetstext bör ligga under 40.
readability-help-flesch = Flesch läsbarhet: 206,835 − 1,015 × ord per mening − 84,6 × stavelser per ord. Över 80 mycket lätt, 70–80 lätt, 50–70 medel, 30–50 svår, under 30 mycket svår.
readability-very-easy = mycket lätt
readability-easy = lätt
readability-medium = medelsvår
readability-hard = svår
readability-very-hard = mycket svår
check-blocking = Måste rättas före publicering
check-warning = Tänk på
check-none = Inga tillgänglighetsproblem hittades.
check-image-alt = En bild saknar alternativtext.
check-link-empty = En länk saknar text.
check-heading-skipped = En rubriknivå hoppas över.
check-link-vague = Länktexten säger inte vart länken leder. Skriv vad läsaren hittar där.
check-long-sentence = Mycket lång mening. Dela gärna upp den.
check-capitals = Text i versaler är svår att läsa.
warning-raw-html = HTML-kod visas som text. Använd Markdown i stället.
warning-unsafe-link = En osäker länk (till exempel javascript:) togs bort.
error-publish-blocked = Inlägget har tillgänglighetsproblem som måste rättas före publicering. Se Skrivstöd.
admin-revision = Jämför versioner
back-to-post = Tillbaka till ”{ $title }”
comparing = Version { $version } jämförd med nuvarande version { $current }.
saved = Sparad
diff-legend = Borttagen text är överstruken, tillagd text är understruken.
diff-added = Tillagt
diff-removed = Borttaget
restore = Återställ den här versionen
restore-help = Rubrik, ingress och text blir som i den här versionen. Det sparas som en ny version; inget går förlorat.
compare-with-current = jämför version { $version } med nuvarande
event-restored = Återställt från en tidigare version
error-stale-title = Någon annan har sparat
admin-members = Bloggens team
members-help = Redaktören leder bloggen och publicerar. Skribenter skriver och publicerar sina egna inlägg. Gästskribenter skriver utkast men publicerar inte, och deras tillgång upphör. Granskare läser utkast. Moderatorer sköter kommentarer.
blog-role-editor = Redaktör
blog-role-author = Skribent
blog-role-guest = Gästskribent
blog-role-reviewer = Granskare
blog-role-moderator = Moderator
access-until = Tillgång till
remove = Ta bort
no-members = Ingen har en roll i bloggen ännu.
add-member = Ge en person en roll
member-email-hint = Personen måste ha ett konto.
access-days = Tillgång i antal dagar
access-days-hint = Lämna tomt för tills vidare. Gästskribenter får 30 dagar om inget anges (högst 365).
error-days = Skriv ett antal dagar mellan 1 och 365.
error-no-such-person = Det finns inget konto med den e-postadressen.
error-blog-role = Välj en roll i listan.
role-communicator = Kommunikatör
role-employee = Medarbetare
review = Granskning
workflow = Läge i granskningen
workflow-draft = Utkast
workflow-in_review = Väntar på granskning
workflow-changes_requested = Ändringar efterfrågade
workflow-approved = Godkänt
requires-approval = Inlägg måste godkännas av en granskare eller redaktör innan de publiceras
requires-approval-note = Bloggen kräver godkännande före publicering.
note-to-reviewer = Meddelande till granskaren (frivilligt)
submit-for-review = Skicka till granskning
review-note = Kommentar
review-note-hint = Skriv vad som behöver ändras. Kommentaren syns bara för teamet.
approve = Godkänn
request-changes = Be om ändringar
event-submitted = Skickat till granskning
event-approved = Godkänt
event-changes-requested = Ändringar efterfrågade
error-note-required = Skriv vad som behöver ändras.
error-review-step = Inlägget är inte i ett läge där det här går. Ladda om sidan.
error-needs-approval = Bloggen kräver att inlägget godkänns innan det publiceras. Skicka det till granskning.
error-workflow = Okänt granskningsläge.
chart-title = Publicerade inlägg per månad i { $blog } (mål { $target } i månaden)
cadence-target = Mål: { $target } inlägg i månaden.
behind-target = Efter målet i år.
this-month = Den här månaden
this-quarter = Det här kvartalet
this-year = I år
of = av
no-target = Bloggen har inget mål för hur ofta den publicerar.
waiting-for-review = { $count } inlägg väntar på granskning
posts-per-month = Mål: inlägg per månad
posts-per-month-hint = Till exempel 1. Lämna tomt eller 0 för inget mål.
error-posts-per-month = Skriv ett heltal mellan 0 och 100.
notice-unscheduled = Sparat. Inlägget var schemalagt men uppfyller inte längre kraven för publicering (tillgänglighet eller godkännande), så det är nu ett utkast igen.

## Review: text changed since read
error-changed-since-read-title = Inlägget har ändrats
error-changed-since-read = Inlägget har ändrats sedan du läste det. Ladda om sidan, läs den nya versionen och granska igen.
workflow-idea = Idé
event-started = Började skrivas

## E-mail
mail-footer = Du får det här brevet från Lykta. Välj vilka brev du vill ha på { $url }
mail-review-submitted-subject = Att granska: { $title }
mail-review-submitted-body =
    { $who } ber dig granska ”{ $title }” i { $blog }.

    { $note }

    Läs och godkänn eller skicka tillbaka: { $url }
mail-review-approved-subject = Godkänt: { $title }
mail-review-approved-body =
    { $who } har godkänt ”{ $title }” i { $blog }. Nu kan det publiceras eller schemaläggas.

    { $note }

    { $url }
mail-review-changes-subject = Ändringar önskas: { $title }
mail-review-changes-body =
    { $who } vill att du ändrar ”{ $title }” i { $blog }:

    { $note }

    { $url }
mail-reminder-subject = Påminnelse: { $title } ska vara klart { $date }
mail-reminder-body =
    ”{ $title }” i årsplanen för { $blog } ska vara klart { $date } (om { $days } dagar).

    { $url }
mail-digest-subject = Veckans läge i bloggarna, vecka { $week }
mail-digest-intro = Så här ser det ut i bloggarna du är redaktör för, vecka { $week }.
mail-digest-review = Väntar på granskning
mail-digest-overdue = Försenat i årsplanen
mail-digest-coming = På gång de närmaste två veckorna
mail-invitation-subject = Inbjudan till { $blog }
mail-invitation-body =
    { $who } bjuder in dig som { $role } i { $blog }.

    Öppna länken för att tacka ja. Den fungerar en gång och till och med { $until }:
    { $url }

## Team: notes, invitations, ideas, mail, calendars, outbox
admin-outbox = Utkorg
outbox-help = Alla e-postbrev Lykta har skickat eller ska skicka, nyast först. Varje brev skickas en gång.
outbox-no-smtp = Ingen e-postserver är inställd (smtp_url). Breven sparas här men skickas inte.
outbox-empty = Inga brev ännu.
outbox-sent = skickat
outbox-not-sent = inte skickat
outbox-queued = i kö
outbox-to = Till
calendar-mine = Min kalender
calendar-hint = Prenumerera på länken i Outlook eller en annan kalender för att se dina punkter i årsplanen och dina schemalagda inlägg. Länken är hemlig: den som har den ser kalendern. Byt länk om den har spridits – den gamla slutar då att fungera.
calendar-link = Kalenderlänk
calendar-create = Skapa kalenderlänk
calendar-replace = Byt till en ny länk
calendar-theme = Tema
calendar-assignee = Ansvarig
calendar-status = Läge
mail-prefs = E-post från Lykta
mail-prefs-legend = Jag vill få
mail-pref-reminders = påminnelser innan något jag ansvarar för i årsplanen ska vara klart
mail-pref-reviews = brev när något väntar på min granskning eller när mitt inlägg har granskats
mail-pref-digest = en veckosammanfattning på måndagar (för redaktörer)
reminder-days = Påminn så här många dagar innan (1–30)
error-reminder-days = Ange ett antal dagar från 1 till 30.
error-date = Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.
error-channel = Välj en kanal i listan.
error-plan-status = Välj ett läge i listan.
error-publish-idea = Inlägget är bara en idé än. Välj ”Börja skriva” innan det kan publiceras.
keep-as-idea = Spara som idé (ingen skriver på det än)
idea-hint = Det här är en idé. När någon börjar skriva blir det ett utkast.
start-writing = Börja skriva
notes = Interna anteckningar
notes-hint = Bara bloggens team ser anteckningarna. De publiceras aldrig.
no-notes = Inga anteckningar ännu.
note-new = Ny anteckning
note-add = Lägg till anteckning
note-reply = Svara
note-resolve = Markera som löst
note-reopen = Öppna igen
note-resolved = Löst av { $who }
open-notes = { $count ->
    [one] 1 olöst anteckning
   *[other] { $count } olösta anteckningar
}
invite-heading = Bjud in med e-post
invite-help = Personen får en länk som fungerar en gång i 14 dagar. Har hen inget konto skapas ett när hen tackar ja.
invite-send = Skicka inbjudan
invitations = Inbjudningar
invitation-status = Läge
invitation-pending = väntar på svar
invitation-used = använd
invitation-revoked = återkallad
invitation-expired = har gått ut
invitation-revoke = Återkalla
invited-by = Inbjuden av { $who }
until = till och med
error-already-member = Personen är redan med i bloggen.
error-invitation-not-pending = Inbjudan är redan använd eller återkallad.
invitation-title = Inbjudan
invitation-intro = { $who } bjuder in dig som { $role } i { $blog }.
invitation-access-until = Din åtkomst gäller till och med { $date }.
invitation-accept-as = Du är inloggad som { $name }.
invitation-accept = Tacka ja
invitation-has-account = Det finns redan ett konto för { $email }. Logga in först, så kommer du tillbaka hit.
invitation-new-account = Skapa ditt konto för { $email }.
error-invitation-unknown = Länken finns inte. Kontrollera att du har kopierat hela länken, eller be om en ny inbjudan.
error-invitation-used = Inbjudan har redan använts. Logga in, eller be om en ny inbjudan.
error-invitation-revoked = Inbjudan har återkallats. Be den som bjöd in dig om en ny.
error-invitation-expired = Inbjudan har gått ut. Be den som bjöd in dig om en ny.
error-invitation-sign-in-first = Det finns redan ett konto med den här adressen. Logga in först och öppna länken igen.
blog-plan-link = Årsplan
dashboard-overdue = Försenat i årsplanen
dashboard-upcoming = Närmaste 30 dagarna i årsplanen
dashboard-none-overdue = Inget är försenat.
dashboard-none-upcoming = Inget planerat de närmaste 30 dagarna.
dashboard-overdue-marker = Försenat
dashboard-plan-waiting = Årsplanen för { $year } väntar på godkännande
error-invitation-not-pending-title = Inbjudan kan inte återkallas
error-invitation-used-title = Inbjudan är använd
calendar-blog = Bloggens kalender

## Comments and moderation
comments = Kommentarer
comments-none = Inga kommentarer ännu.
comments-closed = Kommentarerna är stängda för det här inlägget.
comment = Kommentar
comment-write = Skriv en kommentar
comment-send = Skicka kommentaren
comment-as = Du kommenterar som { $name }.
comment-email-hint = Visas aldrig. Vi använder den bara om vi behöver nå dig om kommentaren.
comment-premoderated = Kommentarer granskas innan de visas.
comment-public-record = Kommentarer till en myndighet är allmänna handlingar och sparas, även de som inte publiceras.
comment-honeypot = Lämna det här fältet tomt
comment-answer = Svar från { $org }
comment-report = Anmäl kommentaren
comment-notice-published = Tack! Din kommentar är publicerad.
comment-notice-pending = Tack! Din kommentar visas när en moderator har godkänt den.
comment-notice-reported = Tack! En moderator tittar på kommentaren.
error-comment-links = Kommentaren har för många länkar (högst tre).
error-comment-duplicate = Den här kommentaren har redan kommit in.
error-comments-closed-title = Kommentarerna är stängda
error-comments-closed = Det går inte längre att kommentera det här inlägget.
error-comment-reason-title = Ange ett skäl
error-comment-reason = Välj ett skäl i listan när du avvisar eller döljer en kommentar.
error-comment-none-title = Ingen kommentar vald
error-comment-none = Markera minst en kommentar och försök igen.
error-moderation = Välj förhandsgranskning eller efterhandsgranskning.
admin-comments = Kommentarer
comments-slow-mode = Långsamt läge: så många kommentarer väntar att nya från okända avsändare inte tas emot just nu. Inloggade medarbetare och de som fått en kommentar publicerad förut kommer fram. Det slår av av sig självt när kön har kortats.
comments-slow-mode-where = { $name }: { $count } väntar
comments-queue-help = Kommentarer som väntar och anmälda kommentarer, äldst först, med ålder räknad i arbetstimmar mot bloggens mål.
comments-done = { $count ->
    [one] 1 kommentar ändrad.
   *[other] { $count } kommentarer ändrade.
}
all-blogs = Alla bloggar
comments-waiting = Väntar eller anmäld
comments-older-than = Äldre än (timmar)
filter = Visa
comments-on = om
comments-age = { $hours } arbetstimmar gammal (mål { $target })
comments-overdue = Försenad
comments-reported = { $count ->
    [one] anmäld en gång
   *[other] anmäld { $count } gånger
}
comments-decide = Beslut för markerade kommentarer
comments-decision = Beslut
comments-approve = Godkänn
comments-reject = Avvisa
comments-hide = Dölj (efter publicering)
comments-spam = Skräppost
comments-secret = Sekretess eller ärende (döljs, till registrator)
comments-reason = Skäl
comments-reason-hint = Krävs när du avvisar eller döljer. Beslutet sparas med ditt namn, tid och skäl.
comments-note = Moderatorns anteckning
comments-apply = Genomför beslutet
comments-answer-to = Svara { $name } som organisationen
comments-answer = Publicera svaret
comments-queue-empty = Inget väntar. Bra jobbat!
comment-state-pending = Väntar
comment-state-published = Publicerad
comment-state-rejected = Avvisad
comment-state-hidden = Dold
comment-state-spam = Skräppost
comment-state-secret = Sekretess eller ärende
reason-threat = Olaga hot
reason-hate-speech = Hets mot folkgrupp
reason-incitement = Uppvigling
reason-child-abuse = Barnpornografibrott
reason-violence = Olaga våldsskildring
reason-copyright = Upphovsrättsintrång
reason-privacy = Integritetsintrång (till exempel patientuppgifter)
reason-spam = Skräppost
reason-off-topic = Utanför ämnet
reason-personal-attack = Personangrepp
mail-escalate-moderate-subject = Väntar för länge: en kommentar i { $blog }
mail-escalate-moderate-body =
    En kommentar från { $who } om ”{ $post }” har väntat på beslut i { $hours } arbetstimmar (målet är { $target }).

    { $url }
mail-slow-mode-subject = Långsamt läge i { $blog }: { $count } kommentarer väntar
mail-slow-mode-body =
    { $count } kommentarer väntar på beslut i { $where }. Tills kön har kortats tar { $blog } inte emot nya kommentarer från okända avsändare; inloggade medarbetare och de som fått en kommentar publicerad förut kommer fram.

    Gå igenom kön: { $url }
mail-escalate-answer-subject = Obesvarad fråga i { $blog }
mail-escalate-answer-body =
    { $who } frågade om ”{ $post }” för { $hours } arbetstimmar sedan och har inte fått svar (målet är { $target } timmar).

    { $url }
comment-settings = Kommentarer
comment-settings-enabled = Läsarna får kommentera inläggen
comment-settings-close = Stäng kommentarerna efter (dagar)
comment-settings-close-hint = Räknat från publiceringen. 0 betyder att de aldrig stängs.
comment-settings-moderation = Granskning
moderation-pre = Före publicering (standard för publika bloggar)
moderation-post = Efter publicering (standard för interna bloggar)
comment-settings-post = Läsarna får kommentera det här inlägget
error-close-days-title = Ogiltigt antal dagar
error-close-days = Ange ett antal dagar från 0 till 3650.
error-moderation-title = Ogiltig granskning

## The public record (registrar)
role-registrar = Registrator
admin-record = Diariet
admin-record-person = En persons kommentarer
record-help = Allt Lykta har publicerat och tagit emot, i en kedja som inte kan ändras i efterhand: publicerade versioner, kommentarer som de kom in (även avvisade och skräppost) och varje beslut. Sök för att lämna ut allmänna handlingar; lägg det som inte får gallras i spärr.
record-text = Text
record-kind = Slag
record-any-kind = Alla slag
record-from = Från
record-to = Till och med
record-search = Sök
record-results = { $count ->
    [one] 1 post
   *[other] { $count } poster (högst 200)
}
record-entry = Post
record-content = Innehåll
record-hold = Spärr
record-held = Spärrad: { $reason }
record-release = Häv spärren
record-hold-reason = Skäl
record-put-on-hold = Spärra mot gallring
record-disposed = Gallrad enligt regeln { $rule }
record-none = Inget hittades.
record-kind-post-published = Publicerad version
record-kind-post-unpublished = Avpublicerat
record-kind-comment-received = Inkommen kommentar
record-kind-comment-decision = Modereringsbeslut
record-kind-pseudonymised = Pseudonymisering
record-kind-disposal = Gallring
record-person-help = Sök på en e-postadress för att se alla kommentarer en person har skickat. Personen kan få dem visade under pseudonym; diariet behåller det som kom in.
record-person-comments = Kommentarer från { $email }
record-pseudonymise-help = Kommentarerna visas då som ”Anonym” för läsarna. Beslutet diarieförs.
record-pseudonymise = Visa under pseudonym
record-pseudonymised = { $count ->
    [one] 1 kommentar visas nu under pseudonym.
   *[other] { $count } kommentarer visas nu under pseudonym.
}
error-hold-reason-title = Ange ett skäl
error-hold-reason = Skriv varför posten ska spärras mot gallring.
policy-title = Kommentarspolicy
policy-who-heading = Vem står bakom bloggen?
policy-who = { $blog } drivs av { $org }.
policy-purpose = Syftet med bloggen: { $purpose }
policy-how-heading = Så modererar vi
policy-how-pre = Kommentarer läses av en moderator innan de publiceras, normalt inom { $hours } timmar räknat på arbetsdagar.
policy-how-post = Kommentarer publiceras direkt och läses av en moderator i efterhand, normalt inom { $hours } timmar räknat på arbetsdagar.
policy-closes = Det går att kommentera i { $days } dagar efter att ett inlägg publicerats.
policy-limits = För att stoppa skräppost tar vi emot högst { $per_minute } kommentarer i minuten från samma avsändare och högst { $links } länkar per kommentar.
policy-removed-heading = Det här tar vi bort
policy-removed = Vi publicerar inte, eller tar bort, kommentarer som innehåller:
policy-record-heading = Kommentarer är allmänna handlingar
policy-record = Allt som skickas till oss blir allmän handling och sparas enligt arkivreglerna, även kommentarer som inte publiceras. Din e-postadress visas aldrig. Du kan be oss visa dina kommentarer under pseudonym.
policy-breach-heading = Om någon bryter mot reglerna
policy-breach = Vi tar bort kommentaren och skriver ned varför. Den som upprepade gånger bryter mot reglerna kan stängas av en tid. Brott kan polisanmälas.
policy-own-heading = Bloggens egna regler
comment-settings-policy = Bloggens egna ord i kommentarspolicyn
comment-settings-policy-hint = Markdown. Resten av policyn skrivs utifrån inställningarna ovan.
comments-ban = Avvisa och stäng av avsändaren en tid
comments-ban-days = Avstängning i dagar (vid avstängning)
error-comment-banned = Du kan inte kommentera just nu eftersom tidigare kommentarer bröt mot kommentarspolicyn.
error-ban-days-title = Ogiltig avstängning
error-ban-days = Ange ett antal dagar från 1 till 365.
error-target-hours-title = Ogiltigt mål
error-target-hours = Ange ett antal timmar från 1 till 720.
comment-settings-moderation-hours = Mål: beslut om en kommentar inom (arbetstimmar)
comment-settings-answer-hours = Mål: svar på en fråga inom (arbetstimmar)
comment-settings-hours-hint = Räknat på arbetsdagar (helgdagar räknas inte). Det som väntar längre skickas som påminnelse till moderatorer och redaktörer.
comment-settings-blocked = Spärrade ord
comment-settings-blocked-hint = Ett ord eller uttryck per rad. En kommentar som innehåller något av dem väntar alltid på en moderator.
record-kind-sender-banned = Avstängning
record-kind-page-published = Publicerad sida
record-kind-page-unpublished = Dold sida
comment-reply = Svara
comment-reply-text = Ditt svar
record-person = Person (e-postadress)

## Channel inventory
channels-title = Våra kanaler
channels-intro = Här är { $org }s officiella konton i sociala medier och andra kanaler. Konton som inte finns här talar inte för oss.
channels-none = Inga kanaler ännu.
admin-channels = Kanaler
admin-channel = Kanal
channels-admin-help = Alla konton organisationen har, med ansvariga, syfte och läge. Enheter ber om nya kanaler; kommunikationsavdelningen godkänner eller avslår med ett skäl.
channels-public-link = Den publika listan
channel-request = Be om en ny kanal
channel-add = Lägg till en kanal
channel-edit = Ändra kanalen
channel-name = Namn
channel-platform = Plattform
channel-url = Adress
channel-url-hint = Hela adressen, till exempel https://www.linkedin.com/company/region-alvdal
channel-unit = Enhet
channel-owners = Ansvariga
channel-owners-hint = Minst två personer, så att kanalen inte står utan ansvarig vid semester eller byte av jobb.
channel-owner-left = har slutat
channel-purpose = Syfte
channel-goal = Mål
channel-audience = Målgrupp
channel-cadence = Tänkt takt
channel-cadence-hint = Till exempel ”två inlägg i veckan”.
channel-last-activity = Senaste aktivitet
channel-health = Att titta på
channel-reason = Skäl
channel-approve = Godkänn
channel-decline = Avslå
channel-status-requested = Begärd
channel-status-active = Aktiv
channel-status-paused = Vilande
channel-status-closed = Stängd
channel-status-declined = Avslagen
health-ok = Inget
health-single-owner = Färre än två ansvariga
health-owner-left = En ansvarig har slutat
health-quiet = Ingen aktivitet på 90 dagar
health-no-purpose = Syfte eller mål saknas
platform-facebook = Facebook
platform-instagram = Instagram
platform-linkedin = LinkedIn
platform-x = X
platform-youtube = YouTube
platform-tiktok = TikTok
platform-mastodon = Mastodon
platform-bluesky = Bluesky
platform-website = Webbplats
platform-newsletter = Nyhetsbrev
platform-other = Annat
error-platform = Välj en plattform i listan.
error-channel-status = Välj ett läge i listan.
error-channel-url = Ange hela adressen, med https://.
error-channel-url-taken = Den här adressen finns redan i förteckningen.
error-unknown-unit = Välj en enhet i listan.
error-channel-owner = Välj minst en ansvarig person.
error-channel-reason-title = Ange ett skäl
error-channel-reason = Skriv varför kanalen avslås.
error-channel-decided-title = Redan avgjord
error-channel-decided = Begäran är redan godkänd eller avslagen.
error-stale-blog-title = Någon annan har sparat
error-stale-blog = Någon annan har ändrat bloggens inställningar medan du skrev. Din text är kvar i formuläret men sparades inte. Den andras version visas här under. För över det du vill behålla och spara igen.
error-stale-channel-title = Någon annan har sparat
error-stale-channel = Någon annan har ändrat kanalen medan du skrev. Din text är kvar i formuläret men sparades inte. Den andras version visas här under. För över det du vill behålla och spara igen.
error-comment-not-answerable-title = Kan inte besvaras
error-comment-not-answerable = Bara kommentarer som väntar eller är publicerade kan besvaras.

## Guidelines
admin-guidelines = Riktlinjer
edit = Ändra
guidelines-help = Riktlinjerna för sociala medier. Läs den version som gäller och bekräfta att du har läst den. Arbetsgruppen skriver nya versioner; tidigare versioner går att läsa.
# The title of the very first guidelines draft.
guidelines-first-title = Riktlinjer för sociala medier
guidelines-none = Inga riktlinjer ännu.
guideline-new-draft = Nytt utkast
guideline-versions = Versioner
guideline-version = Version
guideline-published = Publicerad
guideline-reach = Spridning
guideline-state-draft = Utkast
guideline-state-published = Gäller
guideline-state-superseded = Ersatt
guideline-superseded-note = Den här versionen gäller inte längre. Läs den som gäller nu under Riktlinjer.
guideline-summary = Vad som ändrats
guideline-summary-hint = Visas för alla och skickas i brevet som ber dem läsa.
guideline-for-everyone = För hela organisationen
guideline-for-units = För enheter som använder sociala medier i arbetet
guideline-for-private = För dig som privatperson
guideline-acknowledge-heading = Bekräfta
guideline-acknowledge-text = Jag har läst riktlinjerna och följer dem.
guideline-acknowledge = Jag har läst och förstått
guideline-acknowledged = Du bekräftade { $date }. Tack!
guideline-publish = Publicera versionen
guideline-edit = Ändra utkastet
guideline-reach-total = { $people } personer: { $read } har läst, { $acknowledged } har bekräftat, { $not_yet } har inte bekräftat än.
guideline-reach-units = Per enhet
guideline-people = Personer
guideline-read = Har läst
guideline-acknowledged-col = Har bekräftat
guideline-not-yet = Inte än
guideline-csv-all = Hämta alla som CSV
error-guideline-published-title = Versionen är publicerad
error-guideline-published = En publicerad version ändras inte. Gör ett nytt utkast.
error-stale-guideline-title = Någon annan har sparat
error-stale-guideline = Någon annan har ändrat utkastet medan du skrev. Din text är kvar i formuläret men sparades inte; den andras version visas här under. För över det du vill behålla och spara igen.
error-guideline-summary-title = Skriv vad som ändrats
error-guideline-summary = Skriv en kort sammanfattning av vad som ändrats innan versionen publiceras.
error-guideline-superseded-title = Versionen gäller inte längre
error-guideline-superseded = Den här versionen har ersatts. Läs och bekräfta den som gäller nu.
mail-guideline-subject = Läs: { $title }, version { $number }
mail-guideline-body =
    Nu gäller version { $number } av { $title }. Det här har ändrats:

    { $summary }

    Läs och bekräfta: { $url }
mail-guideline-reminder-subject = Påminnelse: bekräfta { $title }, version { $number }
mail-guideline-reminder-body =
    Du har inte bekräftat att du läst version { $number } av { $title } än. Det tar några minuter:

    { $url }

## Scenarios and incidents
admin-scenarios = Scenarier
admin-incidents = Händelser
scenarios-help = Vad kan hända, och hur hanterar vi det? Varje scenario har tecken att känna igen, steg att ta, vem man kontaktar och färdiga texter. Varje ändring sparas.
scenarios-none = Inga scenarier ännu.
scenario-new = Nytt scenario
scenario-edit = Ändra scenariot
scenario-triggers = Så känner du igen det
scenario-steps = Steg
scenario-steps-hint = Ett steg per rad. Stegen blir en checklista när en händelse hanteras.
scenario-contacts = Vem kontaktar vi
scenario-templates = Meddelandemallar
scenario-version = Version { $version } (alla { $versions } versioner sparade)
incidents-help = Har något hänt i sociala medier som rör dig eller regionen? Rapportera det här. Kommunikationsavdelningen hanterar det enligt scenariot.
incidents-team = Alla händelser
incidents-mine = Mina rapporter
incident-report = Rapportera en händelse
incident-scenario = Scenario
incident-other = Annat
incident-description = Vad har hänt?
incident-links = Länkar eller skärmdumpar
incident-links-hint = En adress per rad.
incident-hide-name = Visa mitt namn bara för kommunikationsavdelningen
incident-sensitive-label = Känsligt (till exempel uppgifter om patienter)
incident-send = Skicka rapporten
incident-warn-name = Du har valt att dölja ditt namn, men texten verkar nämna dig. Ändra texten, eller bekräfta att du vill skicka den ändå.
incident-send-anyway = Skicka ändå
incident-reported = Rapporterad
incident-by = rapporterad av { $name }
incident-name-hidden = namnet visas bara för kommunikationsavdelningen
incident-sensitive = Känslig
incident-status-open = Ny
incident-status-handling = Hanteras
incident-status-closed = Avslutad
incident-checklist = Steg enligt scenariot
incident-step-done = Klart:
incident-mark-done = Markera som klart
incident-log = Logg
incident-log-empty = Inget har loggats än.
incident-log-entry = Vad gjordes?
incident-add-entry = Lägg till i loggen
incident-closing-notes = Avslutande anteckningar
incident-close = Avsluta händelsen
error-scenario = Välj ett scenario i listan, eller Annat.
error-stale-scenario-title = Någon annan har sparat
error-stale-scenario = Någon annan har ändrat scenariot medan du skrev. Din text är kvar i formuläret men sparades inte; den andras version visas ovanför formuläret. För över det du vill behålla och spara igen.
error-incident-closed-title = Händelsen är avslutad
error-incident-closed = Händelsen är redan avslutad.
error-incident-entry-title = Skriv vad som gjordes
error-incident-entry = Skriv en rad om vad som gjordes.
error-incident-notes-title = Skriv avslutande anteckningar
error-incident-notes = Skriv hur händelsen avslutades innan du stänger den.
record-kind-incident-reported = Rapporterad händelse
record-kind-incident-closed = Avslutad händelse
