# Conflicts on versioned forms, the channel import's preview, people administration.
conflict-yes = Ja
conflict-no = Nej
error-stale-page = Någon annan har ändrat sidan medan du skrev. Din text är kvar i formuläret men sparades inte; den andras version visas här under. För över det du vill behålla och spara igen.
channels-import-preview = Det här ändras om du sparar
channels-import-preview-summary = { $added ->
        [one] 1 kanal läggs till
       *[other] { $added } kanaler läggs till
    }, { $changed ->
        [one] 1 ändras
       *[other] { $changed } ändras
    }, { $unchanged ->
        [one] 1 är oförändrad
       *[other] { $unchanged } är oförändrade
    }. Ingenting är sparat än.
channels-import-preview-caption = Filens rader och vad som händer med varje
channels-import-row = Rad
channels-import-what = Vad som händer
channels-import-fields = Fält
channels-import-row-added = Läggs till
channels-import-row-changed = Ändras
channels-import-row-unchanged = Oförändrad
channels-import-from-to = från ”{ $old }” till ”{ $new }”
channels-import-confirm = Spara ändringarna
channels-import-confirm-help = Allt sparas på en gång, precis som det visas här. Har någon ändrat förteckningen under tiden sparas ingenting, och du får se de nya ändringarna först.
channels-import-nothing-to-save = Filen ändrar ingenting i förteckningen, så det finns inget att spara.
channels-import-changed = Någon har ändrat kanalförteckningen sedan du läste in filen, så ingenting sparades. Här är vad filen skulle ändra nu. Titta igenom det och spara igen.
people-deactivate-confirm = Ja, jag vill avaktivera kontot för { $name }
people-deactivate-confirm-missing = Kryssa i rutan för att bekräfta att kontot ska avaktiveras. Ingenting har ändrats.
people-mail-email-changed-subject = Din e-postadress i Lykta har ändrats
people-mail-email-changed-body =
    Hej { $name }!

    { $by } har ändrat e-postadressen för ditt konto i Lykta från { $old } till { $new }. E-post från Lykta går nu till den nya adressen, och det är den du loggar in med.

    Stämmer det inte? Kontakta { $by } eller din administratör direkt, så att kontot kan ändras tillbaka.
