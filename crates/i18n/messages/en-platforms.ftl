# Facebook, Instagram and LinkedIn: channels connected through the organisation's app
connection-app-hint = You are sent to the platform to allow Lykta and then brought back here. Lykta posts as the page, account or organisation the channel's address names.
connection-token = Authorisation
connection-token-expires = { $count ->
    [0] Expires today – connect the channel again
    [one] Expires in one day – connect the channel again
   *[other] Expires in { $count } days
}
error-channel-app-missing = The organisation's app for this platform is not set up. Ask whoever runs Lykta to put the app's id and secret in the settings.
error-channel-account-not-found = Your account has no page or organisation with the channel's address. Check the address in the channel inventory, or ask an administrator of the page to connect the channel.
connection-choose = Which account should the channel post as?
connection-choose-hint = The channel's address in the inventory names none of your accounts. Choose the one the channel should post as.
connection-choose-button = Connect to the chosen account
error-channel-account-choose = Choose one of the accounts in the list.
