# Facebook, Instagram och LinkedIn: kanaler som ansluts genom organisationens app
connection-app-hint = Du skickas till plattformen för att godkänna Lykta och kommer sedan tillbaka hit. Lykta publicerar som den sida, det konto eller den organisation som kanalens adress pekar ut.
connection-token = Behörighet
connection-token-expires = { $count ->
    [0] Går ut i dag – anslut kanalen igen
    [one] Går ut om en dag – anslut kanalen igen
   *[other] Går ut om { $count } dagar
}
error-channel-app-missing = Organisationens app för den här plattformen är inte inställd. Be den som driftar Lykta att lägga in appens id och hemlighet i inställningarna.
error-channel-account-not-found = Ditt konto har ingen sida eller organisation med kanalens adress. Kontrollera adressen i kanalförteckningen eller be en administratör av sidan att ansluta kanalen.
connection-choose = Vilket konto ska kanalen publicera som?
connection-choose-hint = Kanalens adress i förteckningen pekar inte ut något av dina konton. Välj det som kanalen ska publicera som.
connection-choose-button = Anslut till det valda kontot
error-channel-account-choose = Välj ett av kontona i listan.
