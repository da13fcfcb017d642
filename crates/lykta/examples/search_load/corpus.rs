//! The benchmark's corpus: Swedish posts from a real vocabulary — a few
//! hundred nouns in their four forms (en bil, bilen, bilar, bilarna), some
//! thousands of compounds made of them the Swedish way (vård + central,
//! utbildning + s + dag), verbs in four forms and adjectives in three —
//! drawn with Zipf-like frequencies (rank r weighs 1/r), between the little
//! words that make up nearly half of real text. Titles and tags likewise.
//! And readers' queries: one or two content words in some form, a phrase
//! lifted from the text, a prefix, a word with a typo.

/// Nouns as `base:class`. Classes: `a` (en skola: skolan, skolor, skolorna),
/// `ar` (en bil: bilen, bilar, bilarna; a final -e goes: pojke, pojkar),
/// `er` (en student: studenten, studenter, studenterna), `r` (en händelse:
/// händelsen, händelser, händelserna), `n` (ett möte: mötet, möten, mötena),
/// `0` (ett hus: huset, hus, husen), `are` (en lärare: läraren, lärare,
/// lärarna).
const NOUNS: &str = "
patient:er avdelning:ar sjukhus:0 vård:er läkare:are sköterska:a sjuksköterska:a
undersköterska:a röntgensjuksköterska:a barnmorska:a kollega:a student:er handledare:are
utbildning:ar skola:a elev:er lärare:are förskola:a rektor:er klass:er lektion:er
kommun:er region:er nämnd:er styrelse:r förvaltning:ar enhet:er chef:er medarbetare:are
budget:ar beslut:0 plan:er strategi:er mål:0 uppdrag:0 projekt:0 arbete:n
möte:n samtal:0 fråga:a svar:0 förslag:0 remiss:er utredning:ar rapport:er
invånare:are medborgare:are företag:0 förening:ar organisation:er myndighet:er
bibliotek:0 utställning:ar konsert:er kultur:er konst:er
park:er gata:a väg:ar cykel:ar buss:ar tåg:0 trafik:er parkering:ar
hus:0 lägenhet:er byggnad:er renovering:ar bygglov:0 detaljplan:er
avlopp:0 ledning:ar energi:er värme:r klimat:0 miljö:er
natur:er skog:ar badplats:er friluftsliv:0 fritid:er
idrott:er hall:ar arena:a simhall:ar fotboll:ar lag:0 tävling:ar
barn:0 familj:er ungdom:ar pensionär:er omsorg:er
hemtjänst:er boende:n assistans:er stöd:0 insats:er tjänst:er service:ar
vecka:a dag:ar månad:er år:0 höst:ar vår:ar helg:er
jobb:0 anställning:ar rekrytering:ar lön:er semester:ar
schema:0 pass:0 jour:er ambulans:er larm:0 kris:er beredskap:er
säkerhet:er brand:er räddning:ar olycka:a polis:er trygghet:er
bild:er film:er text:er sida:a webbplats:er tidning:ar nyhet:er
kamera:a magnetkamera:a undersökning:ar behandling:ar operation:er
mottagning:ar vårdcentral:er tandvård:er apotek:0 läkemedel:0 provsvar:0
hälsa:a sjukdom:ar smitta:a vaccin:0 vaccination:er influensa:a
kost:er mat:er måltid:er kök:0 lunch:er frukost:ar skolmat:er
dator:er system:0 digitalisering:ar app:ar tjänsteutveckling:ar 
information:er kommunikation:er dialog:er medborgardialog:er enkät:er
val:0 politiker:are ledamot:er
ekonomi:er skatt:er avgift:er kostnad:er investering:ar upphandling:ar
avtal:0 leverantör:er kontrakt:0 entreprenör:er material:0 verktyg:0
studiebesök:0 konferens:er workshop:ar kurs:er föreläsning:ar
praktik:er praktikant:er sommarjobb:0 feriejobb:0 traineeprogram:0
arbetsmiljö:er arbetsplats:er kontor:0 lokal:er personal:er ledarskap:0
förändring:ar utveckling:ar kvalitet:er uppföljning:ar granskning:ar
händelse:r nyhetsbrev:0 inlägg:0 kommentar:er läsare:are skribent:er
hund:ar katt:er häst:ar fågel:ar fisk:ar blomma:a träd:0 trädgård:ar
landsbygd:er centrum:0 torg:0 hamn:ar flygplats:er
";

/// Verbs: present, past, supine, infinitive.
const VERBS: &str = "
arbetar arbetade arbetat arbeta|söker sökte sökt söka|berättar berättade berättat berätta
undersöker undersökte undersökt undersöka|hjälper hjälpte hjälpt hjälpa|träffar träffade träffat träffa
planerar planerade planerat planera|granskar granskade granskat granska|visar visade visat visa
behöver behövde behövt behöva|välkomnar välkomnade välkomnat välkomna|förklarar förklarade förklarat förklara
bygger byggde byggt bygga|renoverar renoverade renoverat renovera|öppnar öppnade öppnat öppna
stänger stängde stängt stänga|beslutar beslutade beslutat besluta|föreslår föreslog föreslagit föreslå
utvecklar utvecklade utvecklat utveckla|förbättrar förbättrade förbättrat förbättra|minskar minskade minskat minska
ökar ökade ökat öka|satsar satsade satsat satsa|inför införde infört införa|anställer anställde anställt anställa
rekryterar rekryterade rekryterat rekrytera|utbildar utbildade utbildat utbilda|informerar informerade informerat informera
bjuder bjöd bjudit bjuda|skriver skrev skrivit skriva|läser läste läst läsa|svarar svarade svarat svara
frågar frågade frågat fråga|tycker tyckte tyckt tycka|tänker tänkte tänkt tänka|vill ville velat vilja
kan kunde kunnat kunna|ska skulle skolat skola|får fick fått få|gör gjorde gjort göra|tar tog tagit ta
ger gav gett ge|kommer kom kommit komma|går gick gått gå|ser såg sett se|finns fanns funnits finnas
blir blev blivit bli|står stod stått stå|ligger låg legat ligga|börjar började börjat börja|slutar slutade slutat sluta
fortsätter fortsatte fortsatt fortsätta|genomför genomförde genomfört genomföra|samarbetar samarbetade samarbetat samarbeta
lyssnar lyssnade lyssnat lyssna|deltar deltog deltagit delta|firar firade firat fira|vinner vann vunnit vinna
";

/// Adjectives: common, neuter, plural/definite.
const ADJECTIVES: &str = "
ny nytt nya|stor stort stora|liten litet små|god gott goda|viktig viktigt viktiga|svår svårt svåra
enkel enkelt enkla|snabb snabbt snabba|lång långt långa|kort kort korta|gammal gammalt gamla|ung ungt unga
trygg tryggt trygga|säker säkert säkra|öppen öppet öppna|digital digitalt digitala|lokal lokalt lokala
regional regionalt regionala|kommunal kommunalt kommunala|offentlig offentligt offentliga|hållbar hållbart hållbara
gemensam gemensamt gemensamma|tydlig tydligt tydliga|fri fritt fria|grön grönt gröna|varm varmt varma
kall kallt kalla|glad glatt glada|fantastisk fantastiskt fantastiska|intressant intressant intressanta
spännande spännande spännande|rolig roligt roliga|lugn lugnt lugna|modern modernt moderna|särskild särskilt särskilda
ansvarig ansvarigt ansvariga|tillgänglig tillgängligt tillgängliga|ekonomisk ekonomiskt ekonomiska|medicinsk medicinskt medicinska
";

/// The little words, most common first.
const LITTLE: &str = "och i att det som på är av för med till den inte har om ett en de
vi men från sig så kan när vid också efter under mot hur vad alla eller där nu
mycket över många man här än bara då sin sina våra vår vårt oss du dig er ni
hos genom utan mellan varje någon några andra inom redan även idag igen tillsammans";

/// Tags, most common first.
const TAGS: &[&str] = &[
    "nyheter",
    "vård",
    "skola",
    "jobb",
    "kultur",
    "miljö",
    "trafik",
    "bygg",
    "omsorg",
    "fritid",
    "rekrytering",
    "utbildning",
    "kris",
    "ekonomi",
    "politik",
    "digitalt",
    "idrott",
    "natur",
    "barn-och-unga",
    "äldre",
    "säkerhet",
    "evenemang",
    "sommar",
    "vinter",
    "bibliotek",
    "forskning",
    "hälsa",
    "klimat",
    "bostäder",
    "landsbygd",
];

struct Noun {
    /// Singular indefinite, definite; plural indefinite, definite.
    forms: [String; 4],
    /// As the first part of a compound (utbildning → utbildnings).
    head: String,
}

fn noun(base: &str, class: &str) -> Noun {
    let stem = |cut: &str| base.strip_suffix(cut).unwrap_or(base).to_owned();
    let forms = match class {
        "a" => {
            let s = stem("a");
            [
                base.into(),
                format!("{base}n"),
                format!("{s}or"),
                format!("{s}orna"),
            ]
        }
        "ar" => {
            let s = if base.ends_with("el") {
                // fågel → fåglar: the vowel goes.
                let mut c: Vec<char> = base.chars().collect();
                let l = c.len();
                c.remove(l - 2);
                c.into_iter().collect()
            } else {
                stem("e")
            };
            let def = if base.ends_with('e') || base.ends_with("el") {
                format!("{base}n")
            } else {
                format!("{base}en")
            };
            [base.into(), def, format!("{s}ar"), format!("{s}arna")]
        }
        "er" => [
            base.into(),
            format!("{base}en"),
            format!("{base}er"),
            format!("{base}erna"),
        ],
        "r" => [
            base.into(),
            format!("{base}n"),
            format!("{base}r"),
            format!("{base}rna"),
        ],
        "n" => [
            base.into(),
            format!("{base}t"),
            format!("{base}n"),
            format!("{base}na"),
        ],
        "are" => {
            let s = stem("e");
            [
                base.into(),
                format!("{base}n"),
                base.into(),
                format!("{s}na"),
            ]
        }
        _ => {
            let def = if base.ends_with('e') || base.ends_with('o') || base.ends_with('ö') {
                format!("{base}t")
            } else {
                format!("{base}et")
            };
            [base.into(), def, base.into(), format!("{base}en")]
        }
    };
    let head = if ["ing", "het", "tion", "skap", "else", "dom"]
        .iter()
        .any(|e| base.ends_with(e))
    {
        format!("{base}s")
    } else if class == "a" {
        stem("a")
    } else {
        base.to_owned()
    };
    Noun { forms, head }
}

/// A small fast random number generator (xorshift), seeded.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    /// 0.0..1.0
    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// Draws ranks 0..n with weight 1/(rank+1+offset) (Zipf–Mandelbrot: an
/// offset flattens the head, as for content words, which rank after the
/// little words in real text).
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        Zipf::offset(n, 0)
    }

    fn offset(n: usize, offset: usize) -> Zipf {
        let mut acc = 0.0;
        Zipf(
            (1..=n)
                .map(|r| {
                    acc += 1.0 / (r + offset) as f64;
                    acc
                })
                .collect(),
        )
    }
    fn draw(&self, r: &mut Rng) -> usize {
        let x = r.unit() * self.0.last().copied().unwrap_or(0.0);
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

/// The vocabulary, and how often each part is drawn.
pub struct Corpus {
    nouns: Vec<Noun>,
    verbs: Vec<Vec<String>>,
    adjectives: Vec<Vec<String>>,
    little: Vec<String>,
    zipf_nouns: Zipf,
    zipf_verbs: Zipf,
    zipf_adjectives: Zipf,
    zipf_little: Zipf,
    zipf_tags: Zipf,
}

/// Compounds made of the nouns (the simple nouns come first in rank).
const COMPOUNDS: usize = 4000;

impl Corpus {
    pub fn new() -> Corpus {
        let simple: Vec<Noun> = NOUNS
            .split_whitespace()
            .filter_map(|w| w.split_once(':'))
            .map(|(b, c)| noun(b, c))
            .collect();
        let mut r = Rng(0x5DEE_CE66_D1CE_4E5B);
        let mut seen = std::collections::HashSet::new();
        let mut nouns = Vec::new();
        while nouns.len() < COMPOUNDS {
            let (a, b) = (
                &simple[r.next() % simple.len()],
                &simple[r.next() % simple.len()],
            );
            let head = &a.head;
            if std::ptr::eq(a, b) || head.len() + b.forms[0].len() > 24 {
                continue;
            }
            let word = format!("{head}{}", b.forms[0]);
            if !seen.insert(word) {
                continue;
            }
            nouns.push(Noun {
                forms: b.forms.clone().map(|f| format!("{head}{f}")),
                head: format!("{head}{}", b.head),
            });
        }
        let mut all = simple;
        all.extend(nouns);
        let list = |s: &str| -> Vec<Vec<String>> {
            s.split('|')
                .map(|e| e.split_whitespace().map(str::to_owned).collect())
                .filter(|v: &Vec<String>| !v.is_empty())
                .collect()
        };
        let verbs = list(VERBS);
        let adjectives = list(ADJECTIVES);
        let little: Vec<String> = LITTLE.split_whitespace().map(str::to_owned).collect();
        Corpus {
            zipf_nouns: Zipf::offset(all.len(), 30),
            zipf_verbs: Zipf::new(verbs.len()),
            zipf_adjectives: Zipf::new(adjectives.len()),
            zipf_little: Zipf::new(little.len()),
            zipf_tags: Zipf::new(TAGS.len()),
            nouns: all,
            verbs,
            adjectives,
            little,
        }
    }

    /// How many different word forms the posts can contain.
    pub fn word_forms(&self) -> usize {
        self.nouns.len() * 4 + self.verbs.len() * 4 + self.adjectives.len() * 3 + self.little.len()
    }

    fn noun_form(&self, r: &mut Rng, rank: usize) -> &str {
        // Singular indefinite most often, plural definite least.
        let form = match r.next() % 10 {
            0..=3 => 0,
            4..=6 => 1,
            7..=8 => 2,
            _ => 3,
        };
        &self.nouns[rank].forms[form]
    }

    fn word(&self, r: &mut Rng) -> String {
        let roll = r.next() % 100;
        if roll < 45 {
            self.little[self.zipf_little.draw(r)].clone()
        } else if roll < 75 {
            let rank = self.zipf_nouns.draw(r);
            self.noun_form(r, rank).to_owned()
        } else if roll < 88 {
            let v = &self.verbs[self.zipf_verbs.draw(r)];
            v[r.next() % v.len()].clone()
        } else {
            let a = &self.adjectives[self.zipf_adjectives.draw(r)];
            a[r.next() % a.len()].clone()
        }
    }

    fn sentence(&self, r: &mut Rng, words: usize) -> String {
        let mut s: Vec<String> = (0..words).map(|_| self.word(r)).collect();
        if let Some(first) = s.first_mut() {
            let mut c = first.chars();
            if let Some(f) = c.next() {
                *first = f.to_uppercase().chain(c).collect();
            }
        }
        format!("{}.", s.join(" "))
    }

    /// A post: (title, body of about 150 words, tags).
    pub fn post(&self, r: &mut Rng) -> (String, String, Vec<String>) {
        // A title: an adjective, a noun and a verb or another noun.
        let a = &self.adjectives[self.zipf_adjectives.draw(r)];
        let n1 = self.zipf_nouns.draw(r);
        let n2 = self.zipf_nouns.draw(r);
        let title = format!(
            "{} {} {} {}",
            upper_first(&a[a.len() - 1]),
            self.noun_form(r, n1),
            self.little[r.next() % 12],
            self.noun_form(r, n2)
        );
        let body = (0..10 + r.next() % 8)
            .map(|_| {
                let words = 6 + r.next() % 12;
                self.sentence(r, words)
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut tags: Vec<String> = (0..1 + r.next() % 3)
            .map(|_| TAGS[self.zipf_tags.draw(r)].to_owned())
            .collect();
        tags.sort();
        tags.dedup();
        (title, body, tags)
    }

    /// A content word as readers type it: a noun in some form — half of
    /// them any noun of the vocabulary, half from its common head (rank drawn
    /// log-uniformly) —, one in twenty a verb or an adjective.
    fn content_word(&self, r: &mut Rng) -> String {
        match r.next() % 40 {
            0 => {
                let v = &self.verbs[r.next() % self.verbs.len()];
                v[r.next() % v.len()].clone()
            }
            1 => {
                let a = &self.adjectives[r.next() % self.adjectives.len()];
                a[r.next() % a.len()].clone()
            }
            roll => {
                let n = self.nouns.len();
                let rank = if roll % 2 == 0 {
                    r.next() % n
                } else {
                    ((n as f64).powf(r.unit()) as usize).min(n - 1)
                };
                self.noun_form(r, rank).to_owned()
            }
        }
    }

    /// Readers' queries: 45 % one word, 25 % two, 10 % a phrase lifted from
    /// a post's title, 10 % a prefix, 10 % a word with a typo.
    pub fn queries(&self, n: usize, titles: &[&str]) -> Vec<String> {
        let mut r = Rng(0x2545_F491_4F6C_DD1D);
        (0..n)
            .map(|_| match r.next() % 20 {
                0..=8 => self.content_word(&mut r),
                9..=13 => format!(
                    "{} {}",
                    self.content_word(&mut r),
                    self.content_word(&mut r)
                ),
                14 | 15 => {
                    // The title's adjective and the noun after it.
                    let title = titles[r.next() % titles.len()].to_lowercase();
                    let words: Vec<&str> = title.split(' ').take(2).collect();
                    format!("\"{}\"", words.join(" "))
                }
                16 | 17 => {
                    let w = self.content_word(&mut r);
                    let keep = 4 + r.next() % 3;
                    format!("{}*", w.chars().take(keep).collect::<String>())
                }
                _ => loop {
                    let w = self.content_word(&mut r);
                    if w.chars().count() >= 6 {
                        break typo(&w, &mut r);
                    }
                },
            })
            .collect()
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One slip of the finger: two letters swapped, one left out or one doubled.
fn typo(w: &str, r: &mut Rng) -> String {
    let mut c: Vec<char> = w.chars().collect();
    let i = 1 + r.next() % (c.len() - 2);
    match r.next() % 3 {
        0 => c.swap(i, i + 1),
        1 => {
            c.remove(i);
        }
        _ => c.insert(i, c[i]),
    }
    c.into_iter().collect()
}
