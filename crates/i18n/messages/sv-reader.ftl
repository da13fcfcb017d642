# Readers: internal blogs for staff, what comes under a post, the language switch.
reader-internal = internt
reader-internal-heading = Interna bloggar för medarbetare
reader-internal-intro = De här bloggarna är bara för oss som arbetar här. Du ser dem för att du är inloggad.
reader-reading-time = Lästid { $minutes ->
    [one] en minut
   *[other] { $minutes } minuter
}
reader-share = Dela inlägget
reader-share-hint = Länkarna för bara vidare inläggets adress. Ingen spårning, och inget laddas från de andra webbplatserna förrän du klickar.
reader-share-email = E-post
reader-share-mastodon = Mastodon
reader-share-linkedin = LinkedIn
reader-share-facebook = Facebook
reader-about-authors = { $count ->
    [one] Om skribenten
   *[other] Om skribenterna
}
reader-author-others = Fler inlägg av { $name }:
reader-author-all = Alla inlägg av { $name }
reader-follow = Följ bloggen
reader-follow-email = Få nya inlägg med e-post
reader-follow-email-hint = Vi mejlar dig när något nytt publiceras. Du kan sluta när du vill med länken i varje mejl.
reader-follow-feed = Följ bloggen i en flödesläsare
reader-follow-feed-hint = En flödesläsare är en app eller webbtjänst som samlar nya inlägg från de webbplatser du väljer, utan att du behöver ett konto hos oss. Lägg till den här adressen i din flödesläsare:
reader-follow-channels = { $blog } finns också på:
reader-related = Relaterade inlägg
reader-language-nav = Språk
reader-language-sv = Svenska
reader-language-en = English
reader-channel-address = Adress
