//! `lykta archive verify`: check the public record's hash chain. The export
//! package (`lykta archive export`, and the registrar's export from the
//! web) is written and checked by `lykta_app::archive`, one implementation
//! for both.

use anyhow::Context as _;
use lykta_store::Store;

/// Check the whole chain, and that entries kept elsewhere (`ID:HASH`, from
/// an earlier export's manifest) still have their hashes — so a chain
/// rewritten from some entry on is found too. Err names the broken entry.
pub async fn verify(store: &Store, expect: &[String]) -> anyhow::Result<u64> {
    let check = store.verify_record().await?;
    if let Some((id, why)) = check.first_broken {
        anyhow::bail!(
            "the record is broken at entry {id}: {why} ({} entries read)",
            check.entries
        );
    }
    for e in expect {
        let (id, hash) = e
            .split_once(':')
            .and_then(|(id, h)| id.parse::<i64>().ok().map(|id| (id, h)))
            .with_context(|| format!("--expect: {e:?} is not ID:HASH"))?;
        match store.record_hash(id).await? {
            Some(h) if h == hash => {}
            Some(_) => anyhow::bail!(
                "the record is broken at entry {id}: it differs from the copy kept in the archive"
            ),
            None => anyhow::bail!("the record is broken at entry {id}: it is missing"),
        }
    }
    Ok(check.entries)
}
