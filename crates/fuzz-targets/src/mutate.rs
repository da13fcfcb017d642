//! A small seeded mutator for the stable fuzz run: it changes corpus
//! entries the way libFuzzer's simplest strategies do (flip a bit, change,
//! insert or delete bytes, insert a hostile token, copy a stretch, splice
//! two entries, cut), so the inputs stay near what the corpus shows to be
//! interesting. Seeded, so a run can be repeated.

/// Tokens worth inserting: markup, quoting, line ends, encodings' marks,
/// direction overrides, NUL and the syntax of the parsers under test
/// (Markdown, CSV, check questions, form bodies, JSON).
const TOKENS: &[&[u8]] = &[
    b"<script>",
    b"</script>",
    b"<img src=x onerror=alert(1)>",
    b"javascript:",
    b"](",
    b"[",
    b"![",
    b"```",
    b"\n\n",
    b"\r\n",
    b"\"",
    b"\"\"",
    b";",
    b",",
    b"\t",
    b"- ",
    b"* ",
    b"> ",
    b"| --- |",
    b"&#x3C;",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    "\u{202e}".as_bytes(),
    "\u{200b}".as_bytes(),
    "åäö".as_bytes(),
    b"\xe5\xe4\xf6",
    b"@",
    b"&",
    b"=",
    b"%",
    b"%00",
    b"{\"",
    b"\":",
    b"}",
    b"9999999999999999999999",
    b"-1",
    b"T23:59",
];

/// xorshift64*: small, fast, good enough to pick mutations.
pub struct Mutator {
    state: u64,
    max_len: usize,
}

impl Mutator {
    /// `seed` picks the sequence; inputs never grow past `max_len` bytes.
    pub fn new(seed: u64, max_len: usize) -> Mutator {
        Mutator {
            state: seed | 1,
            max_len,
        }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A new input: a corpus entry changed one to eight times.
    pub fn mutate(&mut self, corpus: &[Vec<u8>]) -> Vec<u8> {
        let mut data = corpus
            .get(self.below(corpus.len()))
            .cloned()
            .unwrap_or_default();
        for _ in 0..=self.below(8) {
            self.once(&mut data, corpus);
        }
        data.truncate(self.max_len);
        data
    }

    fn once(&mut self, data: &mut Vec<u8>, corpus: &[Vec<u8>]) {
        let len = data.len();
        match self.below(9) {
            0 if len > 0 => {
                let i = self.below(len);
                data[i] ^= 1 << self.below(8);
            }
            1 if len > 0 => {
                let i = self.below(len);
                data[i] = self.next() as u8;
            }
            2 => {
                let i = self.below(len + 1);
                data.insert(i, self.next() as u8);
            }
            3 | 4 => {
                let token = TOKENS[self.below(TOKENS.len())];
                let i = self.below(len + 1);
                data.splice(i..i, token.iter().copied());
            }
            5 if len > 0 => {
                let from = self.below(len);
                let to = (from + 1 + self.below(16)).min(len);
                data.drain(from..to);
            }
            6 if len > 0 => {
                // Copy a stretch elsewhere (repetition, nesting).
                let from = self.below(len);
                let to = (from + 1 + self.below(64)).min(len);
                let piece = data[from..to].to_vec();
                let at = self.below(len + 1);
                data.splice(at..at, piece);
            }
            7 if !corpus.is_empty() => {
                // Splice: the head of this input, the tail of another.
                let other = &corpus[self.below(corpus.len())];
                let cut = self.below(len + 1);
                let from = self.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            _ if len > 0 => {
                let cut = self.below(len);
                data.truncate(cut);
            }
            _ => data.push(self.next() as u8),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Mutator;

    #[test]
    fn the_same_seed_gives_the_same_inputs_within_the_length() {
        let corpus = vec![b"Plattform;Namn\nX;Y\n".to_vec(), Vec::new()];
        let mut a = Mutator::new(7, 32);
        let mut b = Mutator::new(7, 32);
        for _ in 0..1000 {
            let x = a.mutate(&corpus);
            assert!(x.len() <= 32);
            assert_eq!(x, b.mutate(&corpus));
        }
    }
}
