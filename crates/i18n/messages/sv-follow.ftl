# Att följa: ändra hur ofta på prenumerationens sida, sidfotens länkar och sidan Följ (/folj).
subs-frequency-change = Spara ändringen
subs-frequency-changed = Ändringen är sparad.
footer-follow-email = Få nya inlägg med e-post
footer-follow = Så kan du följa oss
follow-title = Följ oss
follow-intro = Vill du veta när { $org } skriver något nytt? Här är tre sätt att följa våra bloggar. Välj det som passar dig.
follow-email-heading = Med e-post
follow-email-help = Skriv din e-postadress på bloggens sida. Du väljer om du vill ha ett brev för varje nytt inlägg eller en sammanfattning i veckan, och du kan sluta när du vill.
follow-email-link = Få e-post från
follow-feed-heading = I en nyhetsläsare
follow-feed-help = En nyhetsläsare är en app eller tjänst som samlar nya inlägg från många webbplatser på ett ställe, så att du slipper gå in på varje webbplats. Du behöver inte lämna ut någon e-postadress. Kopiera bloggens adress här nedanför och lägg till den i din nyhetsläsare.
follow-feed-all = Alla bloggar från { $org }
follow-feed-formats = Adressen finns i tre format, och de flesta nyhetsläsare klarar alla:
follow-channels-heading = I sociala medier
follow-channels-link = Se alla kanaler där { $org } finns
