## People administration, forgotten passwords, one's own language
people-edit = Person
people-unit = Enhet
people-no-unit = Ingen enhet
people-status = Status
people-status-active = Aktiv
people-status-deactivated = Avaktiverad
people-last-sign-in = Senast inloggad
people-never = Aldrig
people-back = ← Alla personer
people-saved = Ändringarna är sparade.
people-deactivated = Kontot är avaktiverat. Personen är utloggad överallt och kan inte logga in. Det hen har skrivit och hens uppdrag finns kvar.
people-reactivated = Kontot är aktivt igen. Personen kan logga in.
people-reset-sent = En länk för att välja nytt lösenord är på väg till personens e-postadress.
people-account = Konto
people-reset-help = Skicka en länk som personen kan använda en gång, inom en timme, för att välja ett nytt lösenord.
people-reset-send = Skicka länk för nytt lösenord
people-deactivate-help = En avaktiverad person kan inte logga in, varken med lösenord eller med organisationens inloggning, och loggas ut direkt. Inlägg, kommentarer, uppdrag i bloggar och diariet finns kvar.
people-deactivate = Avaktivera kontot
people-self-hint = Du kan inte avaktivera ditt eget konto.
people-reactivate-help = Personen kan logga in igen med sitt lösenord eller organisationens inloggning.
people-reactivate = Aktivera kontot igen
people-history = Ändringar av kontot
people-history-none = Inga ändringar ännu.
people-by-server = servern (lykta user)
people-action-edit = ändrat av { $who }
people-action-deactivate = avaktiverat av { $who }
people-action-reactivate = aktiverat igen av { $who }
people-action-reset-link = länk för nytt lösenord skickad på begäran av { $who }
people-action-password-reset = nytt lösenord valt med länk
people-action-password-change = lösenordet bytt av { $who }
people-field-name = namn
people-field-email = e-postadress
people-field-role = roll
people-field-unit = enhet
people-error-last-admin = Det går inte: organisationen måste ha minst en aktiv administratör. Gör någon annan till administratör först.
people-error-self = Du kan inte avaktivera ditt eget konto. Be en annan administratör.
people-error-reset-deactivated = Kontot är avaktiverat. Aktivera det först om personen ska kunna logga in igen.
people-error-stale = Någon annan har ändrat personen medan du skrev. Det du skrev är kvar i formuläret men sparades inte; den andras version visas här under. För över det du vill behålla och spara igen.
people-error-deactivated = Ditt konto är avaktiverat. Kontakta en administratör om du behöver komma åt det.
people-forgot-link = Glömt lösenordet?
people-forgot-title = Glömt lösenordet
people-forgot-help = Skriv e-postadressen du loggar in med. Har den ett konto här skickar vi en länk där du väljer ett nytt lösenord. Länken fungerar en gång, i en timme.
people-forgot-send = Skicka länk
people-forgot-sent = Om det finns ett konto med den adressen är en länk på väg dit. Kolla din e-post, även skräpposten.
people-forgot-too-many = Du har bett om för många länkar på kort tid. Vänta en timme och försök igen, eller kontakta en administratör.
people-back-to-sign-in = Tillbaka till inloggningen
people-reset-title = Välj nytt lösenord
people-reset-signs-out = När du sparar loggas du ut på alla andra enheter, och länken slutar fungera.
people-reset-save = Spara nytt lösenord
people-reset-done = Ditt nya lösenord är sparat. Logga in med det.
people-reset-unknown = Länken finns inte eller går inte att använda. Kontrollera att du fått med hela adressen från brevet, eller be om en ny länk.
people-reset-used = Länken har redan använts. Be om en ny länk om du behöver byta lösenord igen.
people-reset-expired = Länken har gått ut (den fungerar i en timme). Be om en ny länk.
people-reset-ask-again = Be om en ny länk
people-language = Språk
people-language-hint = Språket i administrationen och i e-post som Lykta skickar till dig.
people-language-org = Organisationens språk ({ $language })
people-password-hint-keep = Minst 10 tecken. Lämna tomt för att behålla ditt nuvarande lösenord. Byter du lösenord loggas du ut på alla andra enheter.
people-mail-reset-subject = Välj nytt lösenord i Lykta
people-mail-reset-body =
    Hej { $name }!

    Någon (förhoppningsvis du) har bett om att få välja ett nytt lösenord för ditt konto. Öppna länken för att göra det. Den fungerar en gång, i { $minutes } minuter:
    { $url }

    Har du inte bett om detta kan du strunta i brevet. Ditt lösenord ändras inte.
people-mail-provider-body =
    Hej { $name }!

    Någon (förhoppningsvis du) har bett om ett nytt lösenord för ditt konto. Du loggar in med organisationens inloggning och har inget eget lösenord i Lykta. Välj knappen för organisationens inloggning på inloggningssidan:
    { $url }

    Har du glömt lösenordet till organisationens inloggning, kontakta IT-supporten.
