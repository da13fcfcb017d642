//! lykta-web
