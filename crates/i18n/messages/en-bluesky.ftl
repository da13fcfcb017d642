## Bluesky channels: connecting with an app password, and checking platform addresses
bluesky-connect-intro = Lykta connects to Bluesky with an app password, never with the account's own password. An app password can only post, and you can revoke it in Bluesky at any time without affecting the account.
bluesky-app-password-link = Make an app password in Bluesky (Settings → Privacy and security → App passwords)
bluesky-identifier = The account's handle
bluesky-identifier-hint = For example regionalvdal.bsky.social or the organisation's own domain.
bluesky-app-password = App password
bluesky-app-password-hint = Four groups of four characters, for example abcd-efgh-ijkl-mnop. Not the account's own password.
bluesky-server = Server address (PDS)
bluesky-server-hint = https://bsky.social for accounts at Bluesky. Change it only if the account lives on a server of its own.
error-bluesky-identifier = Enter the account's handle, for example regionalvdal.bsky.social.
error-bluesky-app-password = Enter the app password you made in Bluesky.
error-bluesky-refused = Bluesky did not accept the handle and app password. Check both, or make a new app password if the old one was revoked.
error-bluesky-unreachable = The server is not answering just now. Check the address or try again in a while.
error-bluesky-main-password = This is the account's own password. For safety Lykta only takes an app password: make one in Bluesky and use that instead.
error-channel-server-private = The address points at an internal or local network, which Lykta does not connect to. Give the platform's public address.
error-channel-server-unresolvable = The server's name cannot be found. Check the address.
