# Modereringskön i sidor, och beslut som når plattformen.

## Kön i sidor
moderation-waiting = { $count ->
    [0] Inget väntar
    [one] { $n } väntar eller är anmäld
   *[other] { $n } väntar eller är anmälda
}
moderation-source = Varifrån
moderation-source-all = Alla källor
moderation-source-site = Webbplatsen
moderation-pages-top = Sidor i kön, överst
moderation-pages-bottom = Sidor i kön, nederst
moderation-page-start = Första sidan
moderation-page-prev = Föregående sida
moderation-page-next = Nästa sida
moderation-page-shown = Visar { $first }–{ $last } av { $total }
moderation-pick-page = Bocka för alla på den här sidan
moderation-bulk-page = Kön visas en sida i taget: bocka för på den sida du har framför dig.

## Beslut som når plattformen
platform-action-hide-queued = Döljs på { $platform } …
platform-action-hide-done = Dold på { $platform } också.
platform-action-hide-failed = Kunde inte döljas på { $platform }.
platform-action-hide-reauthenticate = Kunde inte döljas på { $platform }: kanalen behöver anslutas igen.
platform-action-answer-queued = Organisationens svar skickas till { $platform } …
platform-action-answer-done = Organisationen svarade på { $platform }:
platform-action-answer-failed = Organisationens svar kunde inte skickas till { $platform }.
platform-action-answer-reauthenticate = Organisationens svar kunde inte skickas till { $platform }: kanalen behöver anslutas igen.
platform-action-open = Öppna svaret där
platform-hide-yourself = { $platform }: dölj kommentaren där själv (Lykta kan inte dölja den åt dig).
platform-answer = Svara på { $platform } som organisationen
platform-answer-to = Svar till { $name } på { $platform }
platform-answer-hint = Publiceras under organisationens konto som svar på kommentaren där, och diarieförs.
platform-answer-send = Skicka svaret till { $platform }
platform-answer-yourself = { $platform }: svara där själv (Lykta kan inte svara åt dig).
error-platform-answer-impossible = Det går inte att svara på den här kommentaren från Lykta.
jobs-kind-act_on_comment = Utföra ett modereringsbeslut på plattformen
record-kind-comment-platform = Moderering på plattformen
