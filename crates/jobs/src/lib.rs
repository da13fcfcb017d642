//! lykta-jobs
