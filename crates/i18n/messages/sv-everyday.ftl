# Conflicts on versioned forms, the channel import's preview, people administration.
conflict-yes = Ja
conflict-no = Nej
error-stale-page = Någon annan har ändrat sidan medan du skrev. Din text är kvar i formuläret men sparades inte; den andras version visas här under. För över det du vill behålla och spara igen.
