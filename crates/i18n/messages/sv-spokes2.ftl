## Publicering i kanaler, komplett (text per kanal, ändringar och borttagningar, kalender)
syndication-no-alt = Omslagsbilden saknar alternativtext, så inlägget skickas inte till någon kanal. Beskriv bilden i inläggets formulär (eller i mediebiblioteket) och spara.
syndication-own-text = Egen text för { $channel }
syndication-own-text-hint = Lämna tomt för att skicka rubriken och ingressen. Länken till inlägget, märkt med kanalen, läggs alltid till sist och räknas in i gränsen.
error-syndication-text-too-long = Texten med länken är för lång för plattformen.
delivery-removed = Borttaget från kanalen
delivery-updated = Uppdaterat i kanalen
delivery-events = Allt som hänt med kopiorna
delivery-event-at = När
delivery-event-channel = Kanal
delivery-event-kind = Åtgärd
delivery-event-outcome = Utfall
delivery-kind-publish = Publicera
delivery-kind-update = Uppdatera
delivery-kind-delete = Ta bort
blog-syndication = Publicering i kanaler
blog-syndication-defaults = Kanaler som ett nytt inlägg skickas till (teamet kan ändra det för varje inlägg)
blog-syndication-remove = Ta bort kopiorna i kanalerna när ett inlägg avpubliceras
blog-syndication-also-on = Visa länkar till kopiorna under varje inlägg (”Finns även på”)
also-on = Finns även på
connection-disconnect-confirm = Ja, koppla från: Lykta glömmer nycklarna och slutar skicka till kanalen (det som skickats finns kvar i kanalen och i historiken)
error-disconnect-confirm = Kryssa i rutan för att bekräfta att kanalen ska kopplas från.
connection-real-account-hint = Så kopplar du ett riktigt konto: skriv adressen till kontots server (för Mastodon till exempel https://mastodon.social), tryck på Koppla, logga in där som organisationens konto och godkänn Lykta. Du kommer tillbaka hit när det är klart.
channel-in-flight-heading = Leveranser på väg
channel-in-flight-hint = De här inläggen väntar fortfarande på att gå ut i kanalen. Kanalen kan inte stängas förrän de har skickats – eller koppla från den först: då stoppas de och finns kvar i varje inläggs historik som inte skickade.
error-channel-in-flight = Kanalen har fortfarande leveranser på väg och kan inte stängas. Se listan under Leveranser på väg.
calendar-channels = Går ut i
dashboard-channels = Kanaler den här månaden
dashboard-channel-sent = { $count ->
    [one] { $count } skickat
   *[other] { $count } skickade
}
dashboard-channel-failed = { $count ->
    [one] { $count } misslyckat
   *[other] { $count } misslyckade
}
dashboard-channel-retry = Försök igen med det äldsta
delivery-chosen = Vald, går ut vid publicering
delivery-open-post = Inläggets leveranser
