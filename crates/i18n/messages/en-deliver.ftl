## Deliveries: a channel's own text on a copy already sent
delivery-not-editable = Cannot be changed on the channel
syndication-own-text-sent-hint = The post is already on this channel: saving a new text here changes what was sent.
syndication-own-text-not-editable = { $platform } does not let Lykta change a post once it is sent. A new text here does not change what is already on the channel; change it there if needed.
