//! Check questions that go with a guideline version, written by the working
//! group as plain text: one block per question, blocks separated by a blank
//! line; the first line is the question, each following line an answer
//! starting with `-`, the right one with `*`.
//!
//! ```text
//! May you answer for the region from your private account?
//! - Yes, if I say who I am
//! * No, only from the region's accounts
//! ```
//!
//! Limits: at most [`MAX_QUESTIONS`] questions, 2–6 answers each, exactly
//! one right; a question at most 300 characters, an answer at most 200.

use serde::Serialize;

pub const MAX_QUESTIONS: usize = 10;
const MAX_ANSWERS: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub text: String,
    pub answers: Vec<String>,
    /// The index of the right answer.
    #[serde(skip)]
    pub right: usize,
}

/// What is wrong, and in which question (1-based; 0 for the whole text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("question {question}: {key}")]
pub struct QuizError {
    pub question: usize,
    pub key: &'static str,
}

/// Parse the working group's text; empty text means no questions.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, QuizError> {
    let mut questions = Vec::new();
    // Blocks are separated by lines that are empty or only spaces.
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines().map(str::trim) {
        match blocks.last_mut() {
            Some(b) if !line.is_empty() => b.push(line),
            Some(b) if !b.is_empty() => blocks.push(Vec::new()),
            _ => {}
        }
    }
    blocks.retain(|b| !b.is_empty());
    for (i, block) in blocks.iter().enumerate() {
        let n = i + 1;
        let err = |key| QuizError { question: n, key };
        if n > MAX_QUESTIONS {
            return Err(QuizError {
                question: 0,
                key: "error-quiz-too-many",
            });
        }
        let mut lines = block.iter().copied();
        let question = lines.next().unwrap_or_default();
        if question.starts_with(['-', '*']) {
            return Err(err("error-quiz-no-question"));
        }
        if question.chars().count() > 300 {
            return Err(err("error-quiz-long"));
        }
        let mut answers = Vec::new();
        let mut right = Vec::new();
        for line in lines {
            let (is_right, answer) = match line.split_at_checked(1) {
                Some(("*", rest)) => (true, rest.trim()),
                Some(("-", rest)) => (false, rest.trim()),
                _ => return Err(err("error-quiz-line")),
            };
            if answer.is_empty() || answer.chars().count() > 200 {
                return Err(err("error-quiz-answer"));
            }
            if is_right {
                right.push(answers.len());
            }
            answers.push(answer.to_owned());
        }
        if !(2..=MAX_ANSWERS).contains(&answers.len()) {
            return Err(err("error-quiz-answers"));
        }
        let [right] = right[..] else {
            return Err(err("error-quiz-right"));
        };
        questions.push(Question {
            text: question.to_owned(),
            answers,
            right,
        });
    }
    Ok(questions)
}

/// Mark chosen answers (one per question, `None` if unanswered): for each
/// question, whether the right answer was chosen.
pub fn mark(questions: &[Question], chosen: &[Option<usize>]) -> Vec<bool> {
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| chosen.get(i).copied().flatten() == Some(q.right))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_read_and_marked() {
        let text = "Får du svara för regionen från ditt privata konto?\r\n- Ja\r\n* Nej, bara från regionens konton\r\n  \r\n\r\nVem godkänner en ny kanal?\n* Kommunikationsavdelningen\n- Enheten själv\n- Ingen\n";
        let q = parse_questions(text).expect("parses");
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].answers, ["Ja", "Nej, bara från regionens konton"]);
        assert_eq!((q[0].right, q[1].right), (1, 0));
        assert_eq!(mark(&q, &[Some(1), Some(2)]), [true, false]);
        assert_eq!(mark(&q, &[None]), [false, false]);
        assert!(parse_questions("  \n").unwrap().is_empty());
    }

    #[test]
    fn mistakes_are_named_by_question() {
        let e = |t: &str| parse_questions(t).unwrap_err();
        assert_eq!(
            e("Fråga?\n* Ja\n- Nej\n\nFråga två?\n- Ja\n- Nej"),
            QuizError {
                question: 2,
                key: "error-quiz-right"
            }
        );
        assert_eq!(e("Fråga?\n* Ja\n* Nej").key, "error-quiz-right");
        assert_eq!(e("Fråga?\n* Ja").key, "error-quiz-answers");
        assert_eq!(e("Fråga?\n* Ja\nNej").key, "error-quiz-line");
        assert_eq!(e("- Ja\n* Nej").key, "error-quiz-no-question");
        assert_eq!(e("Fråga?\n* \n- Nej").key, "error-quiz-answer");
        let many = "F?\n* a\n- b\n\n".repeat(MAX_QUESTIONS + 1);
        assert_eq!(e(&many).key, "error-quiz-too-many");
    }
}
