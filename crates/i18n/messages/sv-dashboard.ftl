## The dashboard's to-do list (routes/admin/dashboard.rs)
todo-nothing = Inget väntar på dig just nu. Nya granskningar, kommentarer och förfrågningar dyker upp här när de kommer.
todo-reviews = { $count ->
    [one] Ett inlägg väntar på din granskning i { $blog }
   *[other] { $count } inlägg väntar på din granskning i { $blog }
}
todo-ready = { $count ->
    [one] Ett inlägg är godkänt och klart att publicera i { $blog }
   *[other] { $count } inlägg är godkända och klara att publicera i { $blog }
}
todo-changes = { $count ->
    [one] Ett av dina utkast har fått ändringsförslag i { $blog }
   *[other] { $count } av dina utkast har fått ändringsförslag i { $blog }
}
todo-comments = { $count ->
    [one] En kommentar väntar på granskning i { $blog }
   *[other] { $count } kommentarer väntar på granskning i { $blog }
}
todo-questions = { $count ->
    [one] En fråga från en läsare väntar på svar i { $blog }
   *[other] { $count } frågor från läsare väntar på svar i { $blog }
}
todo-comment-on = { $who } om ”{ $post }”
todo-due = svara senast { $at }
todo-overdue-since = försenad, skulle ha besvarats { $at }
todo-incidents = { $count ->
    [one] En rapporterad händelse väntar på hantering
   *[other] { $count } rapporterade händelser väntar på hantering
}
todo-channel-requests = { $count ->
    [one] En kanalförfrågan väntar på beslut
   *[other] { $count } kanalförfrågningar väntar på beslut
}
todo-failed-jobs = { $count ->
    [one] Ett jobb misslyckades och väntar på dig
   *[other] { $count } jobb misslyckades och väntar på dig
}

## Filters on admin lists
posts-filter-workflow = Visa inlägg som är
filter-all = Alla
filter-apply = Visa
filter-clear = Visa alla
no-posts-filtered = Inga inlägg i det här läget. Välj ”Alla” för att se bloggens alla inlägg.
incidents-filter-open = Bara öppna händelser
channels-filter-status = Bara kanaler som är

## Incident reports: the team's mail and the reporter's receipt (app/notify.rs, admin/incident.html)
scenario-advice = Råd till den som rapporterar
scenario-advice-hint = Visas på kvittot och i kvittomejlet till den som rapporterar en händelse av det här slaget, till exempel ”Är du i akut fara? Ring 112.” En rad per råd.
incident-receipt-heading = Vad händer nu?
incident-receipt-received = Tack! Vi har tagit emot din rapport (nummer { $number }). Kommunikationsavdelningen har fått ett mejl om den, och du får ett kvitto med e-post.
incident-receipt-next = Kommunikationsavdelningen läser din rapport och hör av sig till dig, oftast samma arbetsdag. De hanterar händelsen steg för steg enligt scenariot, och du kan följa det på den här sidan. Du kan lägga till skärmbilder här så länge händelsen är öppen.
incident-receipt-emergency = Är du eller någon annan i akut fara? Ring 112. Hot kan polisanmälas: ring polisen på 114 14 eller anmäl på polisen.se.
mail-incident-sensitive = Rapporten är markerad som känslig.
mail-incident-team-subject = Ny händelse att hantera: { $title }
mail-incident-team-body = { $who } har rapporterat en händelse i Lykta.

    Rubrik: { $title }
    Scenario: { $kind }
    { $sensitive }

    Läs rapporten och hantera den här:
    { $url }
mail-incident-receipt-subject = Vi har tagit emot din rapport: { $title }
mail-incident-receipt-body = Hej { $who }!

    Tack för att du rapporterade ”{ $title }”. Kommunikationsavdelningen har fått veta det.

    Din rapport och vad som görs med den:
    { $url }

## The admin shell (templates/admin/base.html, templates/base.html)
nav-admin = Administration
nav-menu = Meny
nav-group-write = Skriva
nav-group-dialogue = Dialog
nav-group-organisation = Organisation
nav-group-operations = Drift
nav-group-me = Mitt konto

## Empty states that say what to do
empty-incidents = Här finns inga händelser. Har något hänt i sociala medier som rör dig eller regionen? Välj ”Rapportera en händelse” ovan.
empty-channels-filtered = Inga kanaler i det här läget. Välj ”Alla” för att se hela förteckningen.
