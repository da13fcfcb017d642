# Sökningen: författarlistan och träffar som inte räknas till slut.
search-all-authors = Alla skribenter
search-count-more = Fler än { $count } träffar för ”{ $q }”. Skriv fler ord eller avgränsa sökningen för att hitta rätt.
