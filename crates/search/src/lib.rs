//! Lykta's full-text index (tantivy): posts, pages and comments as
//! [`Doc`]s, analysed per the blog's language — Swedish or English
//! stemming and stop words, lower-cased, never ASCII-folded (å, ä and ö stay
//! letters of their own) —, titles weighted above bodies, highlighted and
//! escaped snippets, filters by blog, tag, author and date.
//!
//! A reader's query is parsed here ([`UserQuery::parse`]), never by
//! tantivy's query language, so no input is a syntax error: quotes make a
//! phrase, a trailing `*` a prefix, every other character separates words.
//!
//! Boundary: knows nothing of the database, of who may read what, or of
//! the event log. The application layer (`lykta_app::search`) decides what
//! goes into which index and filters what a person may see; the index only
//! remembers the last event applied, committed with the documents.
#![forbid(unsafe_code)]

use lykta_domain::{BlogId, Language, UserId};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ops::Bound;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    Language as Stemming, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{
    DocSet, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher,
    TantivyDocument, Term, TERMINATED,
};

/// Longest query a person may type (characters).
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many words and phrases of a query are searched.
const MAX_PARTS: usize = 12;
/// Candidates looked at when hits are filtered after the search (staff).
const MAX_FILTERED: usize = 2000;
/// Hits counted at most: past this a search has "more than" this many, and
/// counting stops (ranking the best needs no count of all).
pub const COUNT_CAP: usize = 1000;
const TITLE_BOOST: f32 = 3.0;
const SNIPPET_CHARS: usize = 220;
const MARK: (&str, &str) = ("<mark>", "</mark>");

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open the search index folder: {0}")]
    Folder(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("the search index is busy")]
    Poisoned,
    /// Another process writes this index folder now (nodes sharing a data
    /// folder): it applies the same log; read what it commits.
    #[error("another process is writing the search index")]
    Busy,
}

pub type Result<T> = std::result::Result<T, Error>;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Post,
    Page,
    Comment,
    /// An entry of the public record (staff index only).
    Record,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Page => "page",
            Kind::Comment => "comment",
            Kind::Record => "record",
        }
    }
    fn parse(s: &str) -> Kind {
        match s {
            "page" => Kind::Page,
            "comment" => Kind::Comment,
            "record" => Kind::Record,
            _ => Kind::Post,
        }
    }
}

/// One document to index (plain text: the caller has taken the markup away).
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    pub id: i64,
    pub blog_id: BlogId,
    pub lang: Language,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub author_ids: Vec<UserId>,
    /// Published (or, for what never was, last changed), Unix seconds.
    pub date: i64,
    /// The caller's word for the state (`published`, `draft`, `pending`…).
    pub state: String,
    /// Where the hit leads.
    pub path: String,
    /// Whether the post has ever been published (permissions depend on it).
    pub ever_published: bool,
}

/// Where an index stands: the last event applied and the last entry of the
/// public record indexed, committed with the documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub event: i64,
    pub record: i64,
}

impl Cursor {
    /// The same, at event `event`.
    pub fn at_event(self, event: i64) -> Cursor {
        Cursor { event, ..self }
    }

    /// The same, at record entry `record`.
    pub fn at_record(self, record: i64) -> Cursor {
        Cursor { record, ..self }
    }

    fn payload(self) -> String {
        format!("{} {}", self.event, self.record)
    }

    /// An index written before it followed the record has only the event.
    fn parse(payload: &str) -> Option<Cursor> {
        let mut parts = payload.split_whitespace().map(str::parse::<i64>);
        Some(Cursor {
            event: parts.next()?.ok()?,
            record: parts.next().and_then(|r| r.ok()).unwrap_or(0),
        })
    }
}

/// One change to an index.
#[derive(Debug, Clone)]
pub enum Change {
    /// Add the document, replacing any with the same kind and id.
    Put(Doc),
    /// Remove the document of this kind and id, if there is one.
    Remove(Kind, i64),
}

/// Narrowing a search.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Some(true): entries of the public record only; Some(false): none of
    /// them; None: no such clause (an index without them).
    pub record: Option<bool>,
    pub blog_id: Option<BlogId>,
    pub tag: Option<String>,
    pub author_id: Option<UserId>,
    /// Dates from (inclusive) and before (exclusive), Unix seconds.
    pub from: Option<i64>,
    pub before: Option<i64>,
}

/// A found document, with its title and snippet as safe HTML: the text is
/// escaped and only `<mark>` is ours.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    pub blog_id: BlogId,
    pub lang: Language,
    pub title: String,
    pub title_html: String,
    pub snippet_html: String,
    pub author_ids: Vec<UserId>,
    pub date: i64,
    pub state: String,
    pub path: String,
    pub ever_published: bool,
}

/// One page of results.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Found {
    /// How many hits, at most [`COUNT_CAP`].
    pub total: usize,
    /// Whether there are more than `total` (counting stopped there).
    pub more: bool,
    pub hits: Vec<Hit>,
}

/// Why a query cannot be searched (each has a clear answer for the reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryProblem {
    /// Nothing to search for.
    Empty,
    /// Longer than [`MAX_QUERY_CHARS`].
    TooLong,
    /// Only words too common to search for ("och", "the").
    OnlyStopWords,
}

impl QueryProblem {
    /// The message key for the reader.
    pub fn key(self) -> &'static str {
        match self {
            QueryProblem::Empty => "search-empty",
            QueryProblem::TooLong => "search-too-long",
            QueryProblem::OnlyStopWords => "search-only-stop-words",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Word(String),
    Prefix(String),
    Phrase(Vec<String>),
}

/// A reader's query, parsed: words, `prefix*` and `"phrases"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    parts: Vec<Part>,
}

impl UserQuery {
    /// Read what a person typed. Every string parses or has a [`QueryProblem`].
    pub fn parse(raw: &str) -> std::result::Result<UserQuery, QueryProblem> {
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let mut parts = Vec::new();
        let chunks: Vec<&str> = raw.split('"').collect();
        for (i, chunk) in chunks.iter().enumerate() {
            // An unclosed quote is no phrase.
            let quoted = i % 2 == 1 && i + 1 < chunks.len();
            let words = words_of(chunk);
            if quoted && words.len() > 1 {
                let words: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
                if words.iter().any(|w| !is_stop_word(w)) {
                    parts.push(Part::Phrase(words));
                }
                continue;
            }
            for (w, star) in words {
                if is_stop_word(&w) {
                    continue;
                }
                parts.push(if star && w.chars().count() >= 2 {
                    Part::Prefix(w)
                } else {
                    Part::Word(w)
                });
            }
        }
        parts.dedup();
        parts.truncate(MAX_PARTS);
        if parts.is_empty() {
            return Err(if words_of(raw).is_empty() {
                QueryProblem::Empty
            } else {
                QueryProblem::OnlyStopWords
            });
        }
        Ok(UserQuery { parts })
    }
}

/// Lower-cased words (letters and digits), each with whether a `*` follows.
fn words_of(s: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut word = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push((std::mem::take(&mut word), c == '*'));
        }
    }
    out
}

/// A word too common to search for in either language.
fn is_stop_word(w: &str) -> bool {
    LANGS.iter().any(|&l| analyse(l, w).is_empty())
}

const LANGS: [Language; 2] = [Language::Sv, Language::En];

/// The analysers, built once (a stop word filter builds its word set).
static ANALYZERS: LazyLock<[TextAnalyzer; 2]> =
    LazyLock::new(|| [analyzer(Language::Sv), analyzer(Language::En)]);

fn analyzer(lang: Language) -> TextAnalyzer {
    let stemming = match lang {
        Language::Sv => Stemming::Swedish,
        Language::En => Stemming::English,
    };
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser);
    match StopWordFilter::new(stemming) {
        Some(stop) => builder.filter(stop).filter(Stemmer::new(stemming)).build(),
        None => builder.filter(Stemmer::new(stemming)).build(),
    }
}

fn tokenizer_name(lang: Language) -> &'static str {
    match lang {
        Language::Sv => "lykta_sv",
        Language::En => "lykta_en",
    }
}

/// The terms `text` becomes in `lang`, with their positions.
fn analyse(lang: Language, text: &str) -> Vec<(usize, String)> {
    let mut a = ANALYZERS[lang_index(lang)].clone();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    blog: Field,
    tag: Field,
    author: Field,
    date: Field,
    state: Field,
    path: Field,
    lang: Field,
    published: Field,
    /// (title, body) per language, in [`LANGS`] order.
    text: [(Field, Field); 2],
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |lang| {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer_name(lang))
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored()
    };
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_i64_field("id", STORED),
        blog: b.add_u64_field("blog", INDEXED | STORED),
        tag: b.add_text_field("tag", STRING),
        author: b.add_u64_field("author", INDEXED | STORED),
        date: b.add_i64_field("date", INDEXED | STORED | FAST),
        state: b.add_text_field("state", STRING | STORED),
        path: b.add_text_field("path", STORED),
        lang: b.add_text_field("lang", STORED),
        published: b.add_u64_field("published", STORED),
        text: [
            (
                b.add_text_field("title_sv", text(Language::Sv)),
                b.add_text_field("body_sv", text(Language::Sv)),
            ),
            (
                b.add_text_field("title_en", text(Language::En)),
                b.add_text_field("body_en", text(Language::En)),
            ),
        ],
    };
    (b.build(), fields)
}

fn lang_index(lang: Language) -> usize {
    match lang {
        Language::Sv => 0,
        Language::En => 1,
    }
}

fn doc_key(kind: Kind, id: i64) -> String {
    format!("{}:{id}", kind.as_str())
}

fn id_u64(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

/// At most as many searches at once as there are cores; the others wait
/// their turn, first come first served. Sharing the cores among all of them
/// would stretch every search by the number running — the slowest most —;
/// in turn, each takes its own time plus the queue's. A search that ends
/// hands its place to the one that has waited longest (no newcomer slips
/// in ahead), so every search waits about as long as the others.
struct Gate {
    state: Mutex<GateState>,
    max: usize,
}

#[derive(Default)]
struct GateState {
    running: usize,
    waiting: VecDeque<Arc<Waiter>>,
}

/// A search waiting for its turn: its thread, and whether it has it.
struct Waiter {
    thread: std::thread::Thread,
    admitted: AtomicBool,
}

impl Gate {
    fn new() -> Gate {
        Gate {
            state: Mutex::new(GateState::default()),
            max: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }

    fn enter(&self) -> Result<GatePass<'_>> {
        let me = {
            let mut state = self.state.lock().map_err(|_| Error::Poisoned)?;
            if state.running < self.max {
                state.running += 1;
                return Ok(GatePass(self));
            }
            let me = Arc::new(Waiter {
                thread: std::thread::current(),
                admitted: AtomicBool::new(false),
            });
            state.waiting.push_back(me.clone());
            me
        };
        while !me.admitted.load(Ordering::Acquire) {
            std::thread::park();
        }
        Ok(GatePass(self))
    }
}

struct GatePass<'a>(&'a Gate);

impl Drop for GatePass<'_> {
    fn drop(&mut self) {
        let Ok(mut state) = self.0.state.lock() else {
            return;
        };
        // The place goes to the longest waiting, or is given up.
        match state.waiting.pop_front() {
            Some(next) => {
                next.admitted.store(true, Ordering::Release);
                next.thread.unpark();
            }
            None => state.running -= 1,
        }
    }
}

/// One index (the public one or the staff one) in its own folder.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    gate: Gate,
    /// Taken for a change and let go at its commit, so the index's writer
    /// lock is held only while writing.
    writer: Mutex<Option<IndexWriter>>,
    f: Fields,
}

/// Stored documents are compressed in blocks of this many bytes (tantivy's
/// default is 16 KiB): a hit shown decompresses its block, and a smaller
/// block costs less to decompress, for a little more on disk.
const DOCSTORE_BLOCK: usize = 4096;

/// Memory for the writer's buffer (bytes).
const WRITER_BYTES: usize = 64 * 1024 * 1024;

impl SearchIndex {
    /// Open the index in `dir`, creating it if needed.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|e| {
            tantivy::TantivyError::from(tantivy::directory::error::OpenDirectoryError::IoError {
                io_error: std::sync::Arc::new(e),
                directory_path: dir.to_path_buf(),
            })
        })?;
        let (schema, f) = schema();
        let dir = tantivy::directory::MmapDirectory::open(dir)?;
        let settings = IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK,
            ..IndexSettings::default()
        };
        let mut index = Index::builder()
            .schema(schema)
            .settings(settings.clone())
            .open_or_create(dir)?;
        // An index made with other settings writes its next segments so.
        *index.settings_mut() = settings;
        Self::with_index(index, f)
    }

    fn with_index(index: Index, f: Fields) -> Result<SearchIndex> {
        for lang in LANGS {
            index
                .tokenizers()
                .register(tokenizer_name(lang), ANALYZERS[lang_index(lang)].clone());
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            gate: Gate::new(),
            writer: Mutex::new(None),
            f,
        })
    }

    /// The last event applied, as committed with the documents; None for an
    /// index never built.
    pub fn cursor(&self) -> Result<Option<Cursor>> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .and_then(|p| Cursor::parse(&p)))
    }

    /// Apply `changes` and remember `cursor`, in one commit.
    pub fn apply(&self, changes: Vec<Change>, cursor: Cursor) -> Result<()> {
        self.write(false, changes, cursor)
    }

    /// Replace everything with `docs` and remember `cursor`, in one commit.
    pub fn rebuild(&self, docs: Vec<Doc>, cursor: Cursor) -> Result<()> {
        self.write(true, docs.into_iter().map(Change::Put).collect(), cursor)
    }

    /// Start a rebuild: empty the index, add batches with
    /// [`SearchIndex::add_batch`], then [`SearchIndex::commit`].
    pub fn clear(&self) -> Result<()> {
        self.with_writer(|w, _| {
            w.delete_all_documents()?;
            Ok(())
        })
    }

    /// Add documents (not yet visible until [`SearchIndex::commit`]).
    pub fn add_batch(&self, docs: Vec<Doc>) -> Result<()> {
        self.with_writer(|w, f| {
            for d in docs {
                w.add_document(to_document(f, &d))?;
            }
            Ok(())
        })
    }

    /// Commit what was written, remembering `cursor`, and let go of the
    /// writer (its memory, and its lock: another process may write next).
    pub fn commit(&self, cursor: Cursor) -> Result<()> {
        self.with_writer(|w, _| {
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&cursor.payload());
            prepared.commit()?;
            Ok(())
        })?;
        let writer = self.writer.lock().map_err(|_| Error::Poisoned)?.take();
        if let Some(w) = writer {
            w.wait_merging_threads()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    fn write(&self, clear: bool, changes: Vec<Change>, cursor: Cursor) -> Result<()> {
        self.with_writer(|w, f| {
            if clear {
                w.delete_all_documents()?;
            }
            for c in changes {
                let (kind, id, doc) = match c {
                    Change::Put(d) => (d.kind, d.id, Some(d)),
                    Change::Remove(kind, id) => (kind, id, None),
                };
                w.delete_term(Term::from_field_text(f.key, &doc_key(kind, id)));
                if let Some(d) = doc {
                    w.add_document(to_document(f, &d))?;
                }
            }
            Ok(())
        })?;
        self.commit(cursor)
    }

    fn with_writer<T>(
        &self,
        run: impl FnOnce(&mut IndexWriter, &Fields) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.writer.lock().map_err(|_| Error::Poisoned)?;
        let writer = match guard.as_mut() {
            Some(w) => w,
            None => guard.insert(self.index.writer(WRITER_BYTES).map_err(|e| match e {
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                ) => Error::Busy,
                e => Error::Index(e),
            })?),
        };
        run(writer, &self.f)
    }

    /// See what was committed since (by this process or another).
    pub fn refresh(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// How many documents the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Search: `offset`/`limit` over the hits `keep` accepts (all, when None),
    /// best first.
    pub fn search(
        &self,
        q: &UserQuery,
        filters: &Filters,
        keep: Option<&dyn Fn(&Hit) -> bool>,
        offset: usize,
        limit: usize,
    ) -> Result<Found> {
        let _turn = self.gate.enter()?;
        let searcher = self.reader.searcher();
        let text_query = self.text_query(&searcher, q);
        let query = self.with_filters(text_query.box_clone(), filters);
        let mut snippets = Snippets::new(&searcher, &*text_query, &self.f);
        match keep {
            None => {
                // The best `limit` alone: a one-word query ranks by block-WAND,
                // skipping what cannot reach the page; then a capped count.
                let top = searcher.search(
                    &*query,
                    &TopDocs::with_limit(limit.max(1)).and_offset(offset),
                )?;
                let counted = if top.len() < limit.max(1) && (offset == 0 || !top.is_empty()) {
                    offset + top.len()
                } else {
                    count(&searcher, &*query, COUNT_CAP + 1)?
                };
                let hits = top
                    .into_iter()
                    .map(|(_, a)| {
                        let doc: TantivyDocument = searcher.doc(a)?;
                        self.hit(&doc, &mut snippets)
                    })
                    .collect::<Result<_>>()?;
                Ok(Found {
                    total: counted.min(COUNT_CAP),
                    more: counted > COUNT_CAP,
                    hits,
                })
            }
            Some(keep) => {
                let top = searcher.search(&*query, &TopDocs::with_limit(MAX_FILTERED))?;
                let mut found = Found {
                    more: top.len() == MAX_FILTERED,
                    ..Found::default()
                };
                for (_, a) in top {
                    let doc: TantivyDocument = searcher.doc(a)?;
                    let lang = self.lang_of(&doc);
                    let h = self.hit_plain(&doc, lang);
                    if !keep(&h) {
                        continue;
                    }
                    if found.total == COUNT_CAP {
                        found.more = true;
                        break;
                    }
                    if found.total >= offset && found.hits.len() < limit {
                        found.hits.push(self.hit(&doc, &mut snippets)?);
                    }
                    found.total += 1;
                }
                Ok(found)
            }
        }
    }

    /// The best `limit` hits, without snippets (for a caller that shows
    /// them its own way).
    pub fn matching(&self, q: &UserQuery, filters: &Filters, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let query = self.with_filters(self.text_query(&searcher, q), filters);
        searcher
            .search(&*query, &TopDocs::with_limit(limit.max(1)))?
            .into_iter()
            .map(|(_, a)| {
                let doc: TantivyDocument = searcher.doc(a)?;
                Ok(self.hit_plain(&doc, self.lang_of(&doc)))
            })
            .collect()
    }

    /// How many documents match (at most `cap`).
    pub fn count(&self, q: &UserQuery, filters: &Filters, cap: usize) -> Result<usize> {
        let searcher = self.reader.searcher();
        let query = self.with_filters(self.text_query(&searcher, q), filters);
        count(&searcher, &*query, cap)
    }

    /// Each part of the query must match, in some field of some language:
    /// the terms the index has (an absent term's clause is left out, so a
    /// one-word query is a union of term queries, which tantivy ranks with
    /// block-WAND); a word the index does not have at all is looked for
    /// with one typo.
    fn text_query(&self, searcher: &Searcher, q: &UserQuery) -> Box<dyn Query> {
        let f = &self.f;
        let has = |t: &Term| searcher.doc_freq(t).is_ok_and(|n| n > 0);
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in &q.parts {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut typos: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (i, lang) in LANGS.into_iter().enumerate() {
                let (title, body) = f.text[i];
                for (field, boost) in [(title, TITLE_BOOST), (body, 1.0)] {
                    let (exact, fuzzy) = part_queries(part, lang, field, &has);
                    let boosted = |q| (Occur::Should, Box::new(BoostQuery::new(q, boost)) as _);
                    any.extend(exact.into_iter().map(boosted));
                    typos.extend(fuzzy.into_iter().map(boosted));
                }
            }
            if any.is_empty() {
                any = typos;
            }
            if any.is_empty() {
                return Box::new(EmptyQuery);
            }
            musts.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        match musts.len() {
            1 => musts.remove(0).1,
            _ => Box::new(BooleanQuery::new(musts)),
        }
    }

    fn with_filters(&self, text: Box<dyn Query>, filters: &Filters) -> Box<dyn Query> {
        let f = &self.f;
        let mut all: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        let term =
            |t: Term| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
        let record = Term::from_field_text(f.kind, Kind::Record.as_str());
        match filters.record {
            Some(true) => all.push((Occur::Must, term(record))),
            Some(false) => all.push((Occur::MustNot, term(record))),
            None => {}
        }
        if let Some(b) = filters.blog_id {
            all.push((
                Occur::Must,
                term(Term::from_field_u64(f.blog, id_u64(b.get()))),
            ));
        }
        if let Some(t) = &filters.tag {
            all.push((Occur::Must, term(Term::from_field_text(f.tag, t))));
        }
        if let Some(a) = filters.author_id {
            all.push((
                Occur::Must,
                term(Term::from_field_u64(f.author, id_u64(a.get()))),
            ));
        }
        if filters.from.is_some() || filters.before.is_some() {
            let bound = |v: Option<i64>, inclusive: bool| match v {
                Some(v) if inclusive => Bound::Included(Term::from_field_i64(f.date, v)),
                Some(v) => Bound::Excluded(Term::from_field_i64(f.date, v)),
                None => Bound::Unbounded,
            };
            all.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(filters.from, true),
                    bound(filters.before, false),
                )),
            ));
        }
        match all.len() {
            1 => all.remove(0).1,
            _ => Box::new(BooleanQuery::new(all)),
        }
    }

    fn lang_of(&self, doc: &TantivyDocument) -> Language {
        match text_of(doc, self.f.lang).as_str() {
            "en" => Language::En,
            _ => Language::Sv,
        }
    }

    /// A hit without highlighting (for deciding whether to keep it).
    fn hit_plain(&self, doc: &TantivyDocument, lang: Language) -> Hit {
        let f = &self.f;
        let (title_field, _) = f.text[lang_index(lang)];
        let int = |field| doc.get_first(field).and_then(|v| v.as_i64()).unwrap_or(0);
        let uint = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        Hit {
            kind: Kind::parse(&text_of(doc, f.kind)),
            id: int(f.id),
            blog_id: BlogId::new(i64::try_from(uint(f.blog)).unwrap_or(0)),
            lang,
            title: text_of(doc, title_field),
            title_html: String::new(),
            snippet_html: String::new(),
            author_ids: doc
                .get_all(f.author)
                .filter_map(|v| v.as_u64())
                .filter_map(|v| i64::try_from(v).ok())
                .map(UserId::new)
                .collect(),
            date: int(f.date),
            state: text_of(doc, f.state),
            path: text_of(doc, f.path),
            ever_published: uint(f.published) == 1,
        }
    }

    fn hit(&self, doc: &TantivyDocument, snippets: &mut Snippets) -> Result<Hit> {
        let lang = self.lang_of(doc);
        let mut h = self.hit_plain(doc, lang);
        let (title_gen, body_gen, heads) = snippets.of(lang)?;
        let mut title = title_gen.snippet_from_doc(doc);
        title.set_snippet_prefix_postfix(MARK.0, MARK.1);
        h.title_html = if title.is_empty() {
            escape(&h.title)
        } else {
            title.to_html()
        };
        let text = text_of(doc, self.f.text[lang_index(lang)].1);
        let mut body = body_gen.snippet(window(&text, heads));
        body.set_snippet_prefix_postfix(MARK.0, MARK.1);
        h.snippet_html = if body.is_empty() {
            escape(&cut(&text, SNIPPET_CHARS))
        } else {
            body.to_html()
        };
        Ok(h)
    }
}

/// How many documents `query` matches (at most `cap`), without scoring.
fn count(searcher: &Searcher, query: &dyn Query, cap: usize) -> Result<usize> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        let mut docs = weight.scorer(segment, 1.0)?;
        let mut doc = docs.doc();
        while doc != TERMINATED && n < cap {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                n += 1;
            }
            doc = docs.advance();
        }
    }
    Ok(n)
}

/// Snippet generators (title, body) per language, with the heads of the
/// query's terms in the body field (see [`window`]), made when a hit in that
/// language is first shown.
struct Snippets<'a> {
    searcher: &'a Searcher,
    query: &'a dyn Query,
    fields: &'a Fields,
    made: [Option<SnippetMakers>; 2],
}

type SnippetMakers = (SnippetGenerator, SnippetGenerator, Vec<String>);

impl<'a> Snippets<'a> {
    fn new(searcher: &'a Searcher, query: &'a dyn Query, fields: &'a Fields) -> Snippets<'a> {
        Snippets {
            searcher,
            query,
            fields,
            made: [None, None],
        }
    }

    fn of(&mut self, lang: Language) -> Result<&SnippetMakers> {
        let i = lang_index(lang);
        let (title, body) = self.fields.text[i];
        match &mut self.made[i] {
            Some(made) => Ok(made),
            slot @ None => {
                let t = snippet_generator(self.searcher, self.query, title, lang, 400)?;
                let b = snippet_generator(self.searcher, self.query, body, lang, SNIPPET_CHARS)?;
                let mut heads = Vec::new();
                self.query.query_terms(&mut |t, _| {
                    if let Some(text) = t.value().as_str().filter(|_| t.field() == body) {
                        heads.push(text.chars().take(HEAD_CHARS).collect());
                    }
                });
                Ok(slot.insert((t, b, heads)))
            }
        }
    }
}

/// What tantivy's `SnippetGenerator::create` makes — the query's terms in
/// `field`, each scored by its rarity, and the field's analyser —, except
/// that a Swedish snippet stems only the words that can become one of the
/// terms (see [`StemCandidates`]).
fn snippet_generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    lang: Language,
    max_chars: usize,
) -> Result<SnippetGenerator> {
    let mut terms = BTreeSet::new();
    query.query_terms(&mut |t, _| {
        if t.field() == field {
            terms.insert(t.clone());
        }
    });
    let mut scored = BTreeMap::new();
    for t in terms {
        if let Some(text) = t.value().as_str() {
            let n = searcher.doc_freq(&t)?;
            if n > 0 {
                scored.insert(text.to_owned(), 1.0 / (1.0 + n as f32));
            }
        }
    }
    let analyzer = match lang {
        Language::Sv => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(60))
            .filter(LowerCaser)
            .filter(SV_STOP_WORDS.clone())
            .filter(StemCandidates(scored.keys().cloned().collect()))
            .build(),
        Language::En => ANALYZERS[lang_index(lang)].clone(),
    };
    Ok(SnippetGenerator::new(scored, analyzer, field, max_chars))
}

/// The Swedish stop words, built once.
static SV_STOP_WORDS: LazyLock<StopWordFilter> = LazyLock::new(|| {
    StopWordFilter::new(Stemming::Swedish).unwrap_or_else(|| StopWordFilter::remove(Vec::new()))
});

/// Swedish stemming of the words that start with one of these terms; the
/// others are left as they are. The Swedish stemmer only takes endings off,
/// so a word that does not start with a term never stems to it: for a
/// snippet, which looks only for the terms, the result is the same as
/// stemming every word, for a fraction of the work.
#[derive(Clone)]
struct StemCandidates(Arc<[String]>);

impl TokenFilter for StemCandidates {
    type Tokenizer<T: Tokenizer> = StemCandidatesOf<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemCandidatesOf<T> {
        StemCandidatesOf(self.0, inner)
    }
}

#[derive(Clone)]
struct StemCandidatesOf<T>(Arc<[String]>, T);

impl<T: Tokenizer> Tokenizer for StemCandidatesOf<T> {
    type TokenStream<'a> = StemCandidatesStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemCandidatesStream {
            terms: &self.0,
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Swedish),
            tail: self.1.token_stream(text),
        }
    }
}

struct StemCandidatesStream<'a, T> {
    terms: &'a [String],
    stemmer: rust_stemmers::Stemmer,
    tail: T,
}

impl<T: TokenStream> TokenStream for StemCandidatesStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self
            .terms
            .iter()
            .any(|t| token.text.starts_with(t.as_str()))
        {
            token.text = self.stemmer.stem(&token.text).into_owned();
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

type Queries = Vec<Box<dyn Query>>;

/// The queries for one part of a user's query in one field of `lang`, for
/// the terms the index `has`: (exact, with one typo — a word's terms that
/// are not in the index, when five letters or more: one edit rarely makes
/// another word of that length).
fn part_queries(
    part: &Part,
    lang: Language,
    field: Field,
    has: &dyn Fn(&Term) -> bool,
) -> (Queries, Queries) {
    let term = |t: &str| Term::from_field_text(field, t);
    let exact =
        |t: Term| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) };
    let mut exacts = Vec::new();
    let mut typos: Vec<Box<dyn Query>> = Vec::new();
    match part {
        Part::Word(w) => {
            for (_, t) in analyse(lang, w) {
                let t = term(&t);
                if has(&t) {
                    exacts.push(exact(t));
                } else if t.value().as_str().is_some_and(|s| s.chars().count() >= 5) {
                    typos.push(Box::new(BoostQuery::new(
                        Box::new(FuzzyTermQuery::new(t, 1, true)),
                        0.3,
                    )));
                }
            }
        }
        Part::Prefix(w) => {
            exacts.extend(
                analyse(lang, w)
                    .into_iter()
                    .map(|(_, t)| term(&t))
                    .filter(|t| has(t))
                    .map(exact),
            );
            // Every term from `w` up to `w` followed by the last character
            // there is: a walk through the term dictionary, no automaton.
            exacts.push(Box::new(RangeQuery::new(
                Bound::Included(term(w)),
                Bound::Excluded(term(&format!("{w}{}", char::MAX))),
            )));
        }
        Part::Phrase(words) => {
            let terms: Vec<(usize, Term)> = analyse(lang, &words.join(" "))
                .into_iter()
                .map(|(pos, t)| (pos, term(&t)))
                .collect();
            if terms.iter().all(|(_, t)| has(t)) {
                match terms.len() {
                    0 => {}
                    1 => exacts.push(exact(terms[0].1.clone())),
                    _ => exacts.push(Box::new(PhraseQuery::new_with_offset(terms))),
                }
            }
        }
    }
    (exacts, typos)
}

fn to_document(f: &Fields, d: &Doc) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, doc_key(d.kind, d.id));
    doc.add_text(f.kind, d.kind.as_str());
    doc.add_i64(f.id, d.id);
    doc.add_u64(f.blog, id_u64(d.blog_id.get()));
    for t in &d.tags {
        doc.add_text(f.tag, t);
    }
    for a in &d.author_ids {
        doc.add_u64(f.author, id_u64(a.get()));
    }
    doc.add_i64(f.date, d.date);
    doc.add_text(f.state, &d.state);
    doc.add_text(f.path, &d.path);
    doc.add_text(f.lang, d.lang.as_str());
    doc.add_u64(f.published, u64::from(d.ever_published));
    let (title, body) = f.text[lang_index(d.lang)];
    doc.add_text(title, &d.title);
    doc.add_text(body, &d.body);
    doc
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Letters of a term that the words it stems from start with, practically
/// always (stemmers change endings).
const HEAD_CHARS: usize = 4;

/// The part of `text` a snippet is made from: around the first word that
/// starts like one of the query's terms (`heads`), or the beginning — so a
/// long post is not analysed whole for its snippet of a few lines. Only the
/// first letters of each word are lower-cased to compare.
fn window<'t>(text: &'t str, heads: &[String]) -> &'t str {
    const LEN: usize = 3 * SNIPPET_CHARS;
    const BEFORE: usize = SNIPPET_CHARS / 2;
    if text.len() <= LEN {
        return text;
    }
    let starts_like = |word: &str, head: &str| {
        let mut lower = word.chars().flat_map(char::to_lowercase);
        head.chars().all(|h| lower.next() == Some(h))
    };
    let mut previous_alphanumeric = false;
    let mut first = 0;
    for (i, c) in text.char_indices() {
        let alphanumeric = c.is_alphanumeric();
        if alphanumeric
            && !previous_alphanumeric
            && heads.iter().any(|h| starts_like(&text[i..], h))
        {
            first = i;
            break;
        }
        previous_alphanumeric = alphanumeric;
    }
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = boundary(first.saturating_sub(BEFORE));
    &text[start..boundary(start + LEN)]
}

fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Text as HTML: the five characters that matter escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
