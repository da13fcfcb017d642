# Sökning: den publika sidan /sok och personalens sökning i administrationen.
search-title = Sök
search-label = Sök på webbplatsen
search-button = Sök
search-filters = Avgränsa sökningen
search-blog = Blogg
search-all-blogs = Alla bloggar
search-tag = Etikett
search-author = Skribent
search-from = Från och med
search-to = Till och med
search-count = { $count ->
    [0] Inga träffar för ”{ $q }”
    [one] En träff för ”{ $q }”
   *[other] { $count } träffar för ”{ $q }”
}
search-none = Prova ett annat ord, en annan böjning eller färre ord. Skriv ord* för att hitta allt som börjar så, och "inom citattecken" för en exakt fras.
search-prev = Föregående träffar
search-next = Fler träffar
search-empty = Skriv något att söka efter.
search-too-long = Sökningen är för lång. Använd högst { $max } tecken.
search-only-stop-words = Sökningen innehöll bara vanliga småord (som ”och” och ”att”), och de söker vi inte på. Lägg till ett ord som säger vad du letar efter.
search-bad-filter = Sökningens avgränsning kunde inte läsas. Välj blogg, datum och sida i formuläret.
search-opensearch-description = Sök bland inläggen och sidorna
admin-search = Sök
search-staff-help = Du söker i allt du får läsa: publicerade inlägg, utkast du får öppna, interna bloggar, sidor och kommentarer som väntar på dig.
search-kind-post = Inlägg
search-kind-page = Sida
search-kind-comment = Kommentar som väntar
search-state-draft = Utkast
search-state-scheduled = Schemalagt
search-state-unpublished = Avpublicerat
search-state-pending = Väntar på granskning
