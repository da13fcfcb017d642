//! The fuzz targets on stable, as CI runs them: every file of the committed
//! corpus `fuzz/corpus/<target>/` is replayed through the target, then the
//! corpus is mutated (seeded) for a bounded time — `LYKTA_FUZZ_SECONDS`
//! (default 2) or `LYKTA_FUZZ_CASES` inputs (default 20 000) per target,
//! whichever ends first; `LYKTA_FUZZ_SEED` changes the sequence. An input
//! that breaks a target is written to `target/fuzz-failures/` to be fixed
//! and then kept in the corpus.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use lykta_fuzz_targets::mutate::Mutator;
use lykta_fuzz_targets::{Target, TARGETS};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corpus(name: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = repo().join("fuzz/corpus").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no samples", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Run one input; on a panic, keep the input and fail saying where it is.
fn run(target: &Target, input: &[u8], origin: &str) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| (target.run)(input))) {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let dir = repo().join("target/fuzz-failures").join(target.name);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{:016x}", fnv(input)));
        std::fs::write(&file, input).unwrap();
        panic!(
            "fuzz target {} broke on {origin}; the input is in {} \
             (after the fix, keep it in fuzz/corpus/{}/): {why}",
            target.name,
            file.display(),
            target.name
        );
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn exercise(name: &str) {
    let target = TARGETS.iter().find(|t| t.name == name).unwrap();
    let samples = corpus(name);
    for (path, bytes) in &samples {
        run(target, bytes, &path.display().to_string());
    }
    let budget = Duration::from_secs_f64(env_or("LYKTA_FUZZ_SECONDS", 2.0));
    let cases: usize = env_or("LYKTA_FUZZ_CASES", 20_000);
    let seed = env_or("LYKTA_FUZZ_SEED", 0u64) ^ fnv(name.as_bytes());
    let corpus: Vec<Vec<u8>> = samples.into_iter().map(|(_, b)| b).collect();
    // As libFuzzer's default `-max_len`: large samples are replayed whole above.
    let mut mutator = Mutator::new(seed, 4096);
    let start = Instant::now();
    let mut n = 0;
    while n < cases && start.elapsed() < budget {
        let input = mutator.mutate(&corpus);
        run(target, &input, &format!("mutation {n} of seed {seed}"));
        n += 1;
    }
    eprintln!(
        "fuzz {name}: {} corpus files, {n} mutations in {:.1} s",
        corpus.len(),
        start.elapsed().as_secs_f64()
    );
}

/// Each target has its corpus and its cargo-fuzz binary, and nothing else
/// is in the corpus or fuzz_targets folders.
#[test]
fn every_target_has_its_corpus_and_its_cargo_fuzz_binary() {
    let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    let listed = |dir: &str, suffix: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(repo().join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(suffix).map(str::to_owned))
            .collect();
        v.sort();
        v
    };
    let mut want: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    want.sort();
    assert_eq!(listed("fuzz/corpus", ""), want);
    assert_eq!(listed("fuzz/fuzz_targets", ".rs"), want);
    let manifest = std::fs::read_to_string(repo().join("fuzz/Cargo.toml")).unwrap();
    for name in names {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        let body =
            std::fs::read_to_string(repo().join(format!("fuzz/fuzz_targets/{name}.rs"))).unwrap();
        assert!(
            body.contains(&format!("lykta_fuzz_targets::{name}(")),
            "fuzz/fuzz_targets/{name}.rs does not call the shared body"
        );
    }
}

macro_rules! targets {
    ($($name:ident),+) => {
        $(#[test]
        fn $name() {
            exercise(stringify!($name));
        })+

        #[test]
        fn every_target_runs_here() {
            let mut here = vec![$(stringify!($name)),+];
            let mut all: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            here.sort();
            all.sort();
            assert_eq!(here, all);
        }
    };
}

targets!(
    markdown,
    comment,
    csv,
    quiz,
    slug,
    email,
    form_fields,
    job,
    image
);
