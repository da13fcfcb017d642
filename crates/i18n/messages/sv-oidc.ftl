## Inloggning med OpenID Connect (svenska)

oidc-heading = Anställd?
oidc-sign-in-with = Logga in med { $provider }
oidc-or-local = Eller logga in med e-post och lösenord

error-oidc-unavailable-title = Inloggningstjänsten svarar inte
error-oidc-unavailable = Vi når inte inloggningstjänsten just nu, eller så gav den ett svar vi inte förstår. Försök igen om en stund, eller logga in med e-post och lösenord.
error-oidc-state-title = Inloggningen kunde inte slutföras
error-oidc-state = Inloggningslänken är okänd, för gammal, redan använd eller påbörjades i en annan webbläsare. Börja om från inloggningssidan.
error-oidc-denied-title = Inloggningen avbröts
error-oidc-denied = Inloggningstjänsten släppte inte in dig, eller så avbröts inloggningen. Ingen har loggats in.
error-oidc-code-title = Inloggningen kunde inte slutföras
error-oidc-code = Inloggningstjänsten godtog inte inloggningskoden (den kan redan ha använts). Börja om från inloggningssidan.
error-oidc-token-title = Inloggningen kunde inte kontrolleras
error-oidc-token = Svaret från inloggningstjänsten gick inte att kontrollera. Ingen har loggats in och inget konto har skapats.
error-oidc-signature-title = Inloggningen kunde inte kontrolleras
error-oidc-signature = Identitetsbeviset från inloggningstjänsten har en ogiltig signatur. Ingen har loggats in och inget konto har skapats.
error-oidc-issuer-title = Inloggningen kunde inte kontrolleras
error-oidc-issuer = Identitetsbeviset kommer inte från den inloggningstjänst du valde. Ingen har loggats in och inget konto har skapats.
error-oidc-audience-title = Inloggningen kunde inte kontrolleras
error-oidc-audience = Identitetsbeviset är utfärdat till en annan tjänst än den här webbplatsen. Ingen har loggats in och inget konto har skapats.
error-oidc-expired-title = Inloggningen har gått ut
error-oidc-expired = Identitetsbeviset från inloggningstjänsten har gått ut. Börja om från inloggningssidan. Ingen har loggats in och inget konto har skapats.
error-oidc-nonce-title = Inloggningen kunde inte kontrolleras
error-oidc-nonce = Identitetsbeviset hör inte till den här inloggningen (det kan vara återanvänt). Ingen har loggats in och inget konto har skapats.
error-oidc-not-employee-title = Bara för anställda
error-oidc-not-employee = Inloggningstjänsten anger inte att du är anställd, så du kan inte logga in här. Kontakta en administratör om det är fel.
error-oidc-no-email-title = E-postadress saknas
error-oidc-no-email = Inloggningstjänsten skickade ingen giltig e-postadress för dig, och den behövs för ett konto. Kontakta en administratör.
error-oidc-disabled-title = Kontot är avstängt
error-oidc-disabled = Ditt konto här är avstängt. Kontakta en administratör om du behöver komma åt det.
error-oidc-email-taken-title = Det finns redan ett konto
error-oidc-email-taken = Det finns redan ett konto med din e-postadress, men inloggningstjänsten har inte bekräftat adressen, så vi kopplar inte ihop dem. Logga in med e-post och lösenord, eller be en administratör om hjälp.
