## Sign-in with OpenID Connect (English)

oidc-heading = Staff?
oidc-sign-in-with = Sign in with { $provider }
oidc-or-local = Or sign in with e-mail and password

error-oidc-unavailable-title = The sign-in service is not answering
error-oidc-unavailable = We cannot reach the sign-in service right now, or it gave an answer we do not understand. Try again in a while, or sign in with e-mail and password.
error-oidc-state-title = Sign-in could not be completed
error-oidc-state = The sign-in link is unknown, too old, already used, or was started in another browser. Start again from the sign-in page.
error-oidc-denied-title = Sign-in was cancelled
error-oidc-denied = The sign-in service did not let you in, or the sign-in was cancelled. Nobody has been signed in.
error-oidc-code-title = Sign-in could not be completed
error-oidc-code = The sign-in service did not accept the sign-in code (it may have been used already). Start again from the sign-in page.
error-oidc-token-title = Sign-in could not be verified
error-oidc-token = The answer from the sign-in service could not be verified. Nobody has been signed in and no account has been created.
error-oidc-signature-title = Sign-in could not be verified
error-oidc-signature = The identity token from the sign-in service has an invalid signature. Nobody has been signed in and no account has been created.
error-oidc-issuer-title = Sign-in could not be verified
error-oidc-issuer = The identity token does not come from the sign-in service you chose. Nobody has been signed in and no account has been created.
error-oidc-audience-title = Sign-in could not be verified
error-oidc-audience = The identity token was issued to another service than this site. Nobody has been signed in and no account has been created.
error-oidc-expired-title = Sign-in has expired
error-oidc-expired = The identity token from the sign-in service has expired. Start again from the sign-in page. Nobody has been signed in and no account has been created.
error-oidc-nonce-title = Sign-in could not be verified
error-oidc-nonce = The identity token does not belong to this sign-in (it may have been replayed). Nobody has been signed in and no account has been created.
error-oidc-not-employee-title = Staff only
error-oidc-not-employee = The sign-in service does not say that you are an employee, so you cannot sign in here. Contact an administrator if this is wrong.
error-oidc-no-email-title = E-mail address missing
error-oidc-no-email = The sign-in service sent no valid e-mail address for you, and an account needs one. Contact an administrator.
error-oidc-disabled-title = The account is disabled
error-oidc-disabled = Your account here is disabled. Contact an administrator if you need access to it.
error-oidc-email-taken-title = An account already exists
error-oidc-email-taken = There is already an account with your e-mail address, but the sign-in service has not confirmed the address, so we do not join them. Sign in with e-mail and password, or ask an administrator for help.
