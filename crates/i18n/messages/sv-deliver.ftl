## Leveranser: en kanals egen text på en publicerad kopia
delivery-not-editable = Kan inte ändras i kanalen
syndication-own-text-sent-hint = Inlägget finns redan i kanalen: sparar du en ny text här ändras det som redan skickats.
syndication-own-text-not-editable = { $platform } låter inte Lykta ändra ett inlägg som redan skickats. En ny text här ändrar inte det som redan finns i kanalen; ändra det där om det behövs.
