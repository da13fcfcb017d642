//! Images: uploads to the public library, and screenshots kept with an
//! incident in the private folder. Every image is decoded, checked and
//! re-encoded (no EXIF or GPS survives); stored names are random, so an
//! image on an internal post cannot be found by guessing.

use crate::secrets::random_stem;
use crate::{App, Error, Result};
use lykta_domain::IncidentId;
use lykta_domain::UserId;
use lykta_domain::{IncidentFileId, MediaId};
use lykta_media::{Limits, MediaError, Processed};
use lykta_store::{NewIncidentFile, NewMedia, StoreError};

/// Largest upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Decode, check and re-encode an image off the async threads.
async fn process(bytes: Vec<u8>) -> Result<Result<Processed, MediaError>> {
    tokio::task::spawn_blocking(move || lykta_media::process(&bytes, &Limits::default()))
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!(e)))
}

impl App {
    /// Keep an image in the library as `{stem}-{width}.{ext}` variants. The
    /// inner error is an image that was refused (too large, not an image…).
    pub async fn store_image(
        &self,
        bytes: Vec<u8>,
        alt: &str,
        original_name: &str,
        uploaded_by: Option<UserId>,
    ) -> Result<Result<MediaId, MediaError>> {
        let processed = match process(bytes).await? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let stem = random_stem(20);
        tokio::fs::create_dir_all(&self.media_dir)
            .await
            .map_err(|e| anyhow::anyhow!("creating {}: {e}", self.media_dir.display()))?;
        let mut widths = Vec::new();
        for v in &processed.variants {
            let path = self
                .media_dir
                .join(format!("{stem}-{}.{}", v.width, v.format.extension()));
            tokio::fs::write(&path, &v.bytes)
                .await
                .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
            widths.push(v.width.to_string());
        }
        let full = processed.variants.last();
        let m = NewMedia {
            stem: &stem,
            mime: processed.format.mime(),
            width: full.map(|v| i64::from(v.width)).unwrap_or(0),
            height: full.map(|v| i64::from(v.height)).unwrap_or(0),
            variant_widths: &widths.join(","),
            alt,
            original_name,
            uploaded_by,
        };
        Ok(Ok(self.store.insert_media(&m, self.now()).await?))
    }

    /// Re-encode an image and keep it with an incident in the private
    /// folder (the caller has checked who may add to the incident). The
    /// inner error is an image that was refused; a closed or full incident
    /// is refused with its message key.
    pub async fn attach_screenshot(
        &self,
        incident: IncidentId,
        bytes: Vec<u8>,
        description: &str,
        by: UserId,
    ) -> Result<Result<IncidentFileId, MediaError>> {
        let image = match process(bytes).await? {
            Ok(p) => p,
            Err(err) => return Ok(Err(err)),
        };
        let Some(full) = image.variants.last() else {
            return Ok(Err(MediaError::Corrupt("no image".into())));
        };
        let dir = self.private_dir.join("incidents");
        let name = format!("{}.{}", random_stem(24), full.format.extension());
        let path = dir.join(&name);
        let written = match tokio::fs::create_dir_all(&dir).await {
            Ok(()) => tokio::fs::write(&path, &full.bytes).await,
            Err(e) => Err(e),
        };
        written.map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
        let f = NewIncidentFile {
            incident_id: incident,
            file_name: &name,
            mime: image.format.mime(),
            width: i64::from(full.width),
            height: i64::from(full.height),
            description,
            uploaded_by: by,
        };
        match self.store.add_incident_file(&f, self.now()).await {
            Ok(file) => Ok(Ok(file)),
            Err(err) => {
                // Nothing is kept that the incident does not point to.
                let _ = tokio::fs::remove_file(&path).await;
                Err(match err {
                    StoreError::Conflict("full") => Error::Refused("error-incident-files-full"),
                    StoreError::Conflict(_) => Error::Refused("error-incident-closed"),
                    e => e.into(),
                })
            }
        }
    }
}
