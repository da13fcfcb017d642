## Bluesky-kanaler: anslutning med applösenord, och kontroll av plattformsadresser
bluesky-connect-intro = Lykta ansluter till Bluesky med ett applösenord, aldrig med kontots eget lösenord. Ett applösenord kan bara publicera och kan när som helst återkallas i Bluesky utan att kontot påverkas.
bluesky-app-password-link = Skapa ett applösenord i Bluesky (Inställningar → Sekretess och säkerhet → Applösenord)
bluesky-identifier = Kontots användarnamn
bluesky-identifier-hint = Till exempel regionalvdal.bsky.social eller organisationens egen domän.
bluesky-app-password = Applösenord
bluesky-app-password-hint = Fyra grupper om fyra tecken, till exempel abcd-efgh-ijkl-mnop. Inte kontots eget lösenord.
bluesky-server = Serverns adress (PDS)
bluesky-server-hint = https://bsky.social för konton hos Bluesky. Ändra bara om kontot finns på en egen server.
error-bluesky-identifier = Skriv kontots användarnamn, till exempel regionalvdal.bsky.social.
error-bluesky-app-password = Skriv applösenordet som du skapade i Bluesky.
error-bluesky-refused = Bluesky godkände inte användarnamnet och applösenordet. Kontrollera båda, eller skapa ett nytt applösenord om det gamla har återkallats.
error-bluesky-unreachable = Servern svarade inte just nu. Kontrollera adressen eller försök igen om en stund.
error-bluesky-main-password = Det här är kontots eget lösenord. Av säkerhetsskäl tar Lykta bara emot ett applösenord: skapa ett i Bluesky och använd det i stället.
error-channel-server-private = Adressen pekar på ett internt eller lokalt nätverk, och dit ansluter Lykta inte. Ange plattformens publika adress.
error-channel-server-unresolvable = Serverns namn gick inte att hitta. Kontrollera adressen.
