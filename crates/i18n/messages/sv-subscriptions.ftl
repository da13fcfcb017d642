# E-post-prenumerationer: formuläret, länksidorna, breven och administrationen.
subs-title = Prenumerera via e-post
subs-heading = Följ { $blog } via e-post
subs-help = Skriv din e-postadress så skickar vi ett brev med en länk som bekräftar prenumerationen. Du får inga andra brev förrän du har klickat på länken.
subs-privacy = Vi använder adressen bara till de här breven. Varje brev har en länk där du avslutar prenumerationen med ett klick, laddar ner dina uppgifter eller tar bort dem.
subs-frequency = Hur ofta vill du få e-post?
subs-frequency-post = Ett brev för varje nytt inlägg
subs-frequency-weekly = En sammanfattning i veckan
subs-button = Prenumerera
subs-sent = Tack! Om adressen inte redan prenumererar får du strax ett e-brev med en länk som bekräftar prenumerationen. Länken fungerar i ett dygn.
subs-too-many = Du har skickat formuläret många gånger på kort tid. Vänta en stund och försök igen.
subs-error-frequency = Välj hur ofta du vill få e-post.
subs-error-email = Ditt konto har ingen giltig e-postadress.
subs-back = Tillbaka till { $blog }
subs-to-front = Till startsidan
subs-account-help = Du är inloggad och kan prenumerera med adressen { $email }, utan något bekräftelsebrev.
subs-account-button = Prenumerera med mitt konto
subs-account-change = Spara
subs-account-stop = Sluta prenumerera
subs-you-follow = Du prenumererar med { $email }: { $frequency }.
subs-subscribed = Klart! Du prenumererar nu på { $blog }.
subs-stopped = Du prenumererar inte längre på { $blog }.
subs-confirm-question = Vill du prenumerera på { $blog } med adressen { $email }?
subs-confirm-button = Ja, bekräfta prenumerationen
subs-confirmed = Tack! Nu prenumererar du på { $blog }. Varje brev har en länk där du kan avsluta.
subs-unsubscribe-question = Vill du sluta prenumerera på { $blog } med adressen { $email }? Adressen tas då bort.
subs-unsubscribe-button = Ja, avsluta prenumerationen
subs-unsubscribed = Du prenumererar inte längre på { $blog }, och din adress är borttagen.
subs-since = Prenumererar sedan
subs-manage-data = Vi sparar bara din adress, hur ofta du vill få brev och vilka brev vi har skickat, och bara för prenumerationen.
subs-export = Ladda ner dina uppgifter (JSON)
subs-delete-button = Avsluta och ta bort mina uppgifter
subs-link-unknown = Länken fungerar inte. Den kan vara felskriven, eller så är prenumerationen redan avslutad.
subs-link-used = Länken är redan använd. Prenumerationen är bekräftad.
subs-link-expired = Länken har slutat fungera. Anmäl dig igen på bloggens sida för att få en ny.

# Breven
subs-mail-confirm-subject = Bekräfta din prenumeration på { $blog }
subs-mail-confirm-heading = Bekräfta din prenumeration
subs-mail-confirm-intro = Någon (förhoppningsvis du) vill få e-post från { $blog } till den här adressen. Öppna länken för att bekräfta. Den fungerar en gång, i { $hours } timmar.
subs-mail-confirm-button = Bekräfta prenumerationen
subs-mail-confirm-ignore = Har du inte bett om det här kan du strunta i brevet. Du får inga fler brev och adressen tas bort om en vecka.
subs-mail-read = Läs hela inlägget
subs-mail-why = Du får det här brevet eftersom du prenumererar på { $blog }.
subs-mail-unsubscribe = Avsluta prenumerationen
subs-mail-manage = Hantera prenumerationen och dina uppgifter
subs-mail-digest-subject = { $blog }: veckans inlägg (vecka { $week })
subs-mail-digest-intro = { $count ->
    [one] Ett nytt inlägg i { $blog } förra veckan:
   *[other] { $count } nya inlägg i { $blog } förra veckan:
}

# Administrationen
subs-admin-title = E-postprenumeranter
subs-admin-count = { $confirmed ->
    [one] En bekräftad prenumerant
   *[other] { $confirmed } bekräftade prenumeranter
}, { $pending } väntar på bekräftelse.
subs-admin-list = Visa adresserna
subs-admin-back = Tillbaka till { $blog }
subs-admin-help = Adresserna visas bara för administratörer och används bara till prenumerationen.
subs-admin-none = Inga prenumeranter ännu.
subs-state-confirmed = Bekräftad
subs-state-pending = Väntar på bekräftelse
subs-state-bounce = Studsar
subs-state-complaint = Har klagat
subs-with-account = med konto
subs-admin-undeliverable = Registrera studs eller klagomål
subs-admin-kind = Vad hände?
subs-admin-record = Registrera
subs-admin-recorded = Registrerat. Adressen får inga fler prenumerationsbrev.
subs-error-kind = Välj studs eller klagomål.
