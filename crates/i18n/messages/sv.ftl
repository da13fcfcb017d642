# Lykta – svenska
skip-to-content = Hoppa till innehållet
nav-site = Webbplatsen
admin = Redigera
sign-in = Logga in
sign-out = Logga ut
phone = Telefon
feed = Prenumerera
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
notice-state-changed = Läget är ändrat.
form-has-errors = Formuläret innehåller fel. Rätta fälten nedan.
required = obligatoriskt
email = E-postadress
password = Lösenord
new-password = Nytt lösenord
password-hint = Minst 10 tecken. Lämna tomt för att behålla nuvarande.
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
