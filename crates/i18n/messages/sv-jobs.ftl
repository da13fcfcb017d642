# Jobb i bakgrunden: de som misslyckades även sista gången, för administratörer.

admin-jobs = Jobb
jobs-help = Lykta gör en del arbete i bakgrunden: publicerar schemalagda inlägg, meddelar om granskningar och skickar e-post. Ett jobb som misslyckas görs om med allt längre uppehåll. Misslyckas det även sista gången hamnar det här. Då kan du försöka igen (till exempel när e-postservern fungerar igen) eller kassera jobbet. Ett kasserat jobb körs inte, men det finns kvar.
jobs-pending = { $count ->
    [0] Inga jobb väntar på att köras.
    [one] Ett jobb väntar på att köras.
   *[other] { $count } jobb väntar på att köras.
}
jobs-failed = Misslyckade jobb
jobs-failed-caption = Jobb som misslyckades även sista gången, senaste först
jobs-none = Inga misslyckade jobb.
jobs-what = Jobb
jobs-attempts = Försök
jobs-last-error = Senaste fel
jobs-failed-at = Misslyckades
jobs-decide = Åtgärd
jobs-kind-publish_post = Publicera schemalagt inlägg
jobs-kind-notify_review = Meddela om granskning
jobs-kind-send_mail = Skicka e-post
jobs-kind-unknown = Okänt jobb ({ $kind })
jobs-post = ”{ $title }”
jobs-mail = till { $to }, ”{ $subject }”
jobs-number = jobb nr { $id }
jobs-retry = Försök igen
jobs-discard = Kassera
jobs-retried-before = Startades om av { $name }
jobs-retried = Jobbet ligger i kön igen och körs strax.
jobs-discarded-now = Jobbet är kasserat. Det körs inte, men finns kvar i listan över kasserade jobb.
jobs-discarded = Kasserade jobb
jobs-discarded-caption = Kasserade jobb, senaste först
jobs-discarded-by = Kasserat av
jobs-discarded-at = Kasserat
jobs-error-no-job = Välj ett jobb i listan.
error-job-decided-title = Jobbet är redan hanterat
error-job-decided = Någon har redan startat om jobbet eller kasserat det. Ladda om sidan för att se läget nu.
