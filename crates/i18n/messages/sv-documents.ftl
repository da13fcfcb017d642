# The editor for every versioned document (pages, guideline drafts, playbooks): autosave and its conflicts.
autosave-found-stale = Någon annan har sparat en nyare version sedan dess. Hämtar du texten visas den andras version bredvid, och ingenting kastas.
notice-autosave-restored-stale = Den automatiskt sparade texten finns nu i formuläret. Någon annan har sparat en nyare version sedan du skrev den – den visas nedan. För över det du vill behålla och spara.
editor-autosaved-stale = Din text sparades automatiskt, men någon annan har sparat en nyare version sedan du öppnade sidan. När du sparar visas båda versionerna – ingenting kastas.
editor-preview-field = Förhandsvisningen visar fältet ”{ $field }”.
