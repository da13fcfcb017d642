//! lykta-store
