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
