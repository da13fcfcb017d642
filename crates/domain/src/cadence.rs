//! Cadence: how many posts a blog published per month against its target.

use crate::clock::stockholm_offset;

/// Posts published in one calendar month (Swedish time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    pub year: i32,
    pub month: u8,
    pub posts: u32,
}

fn local_year_month(t: i64) -> (i32, u8) {
    let d = crate::Timestamp(t + i64::from(stockholm_offset(t))).to_datetime();
    (d.year(), u8::from(d.month()))
}

/// The last `months` calendar months up to and including the one `now` is in,
/// oldest first, with how many of `published` fall in each.
pub fn monthly(published: &[i64], now: i64, months: u8) -> Vec<MonthCount> {
    let (mut year, mut month) = local_year_month(now);
    let mut out = Vec::with_capacity(usize::from(months));
    for _ in 0..months {
        out.push(MonthCount {
            year,
            month,
            posts: 0,
        });
        if month == 1 {
            month = 12;
            year -= 1;
        } else {
            month -= 1;
        }
    }
    out.reverse();
    for t in published {
        let (y, m) = local_year_month(*t);
        if let Some(c) = out.iter_mut().find(|c| c.year == y && c.month == m) {
            c.posts += 1;
        }
    }
    out
}

/// Published against target for this month, this quarter and this year so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub month: (u32, u32),
    pub quarter: (u32, u32),
    pub year: (u32, u32),
}

/// `per_month` is the target; the quarter's and year's targets count whole
/// months of the period up to and including this one, from the month the
/// blog started (`since`) if that was within the period: a blog started in
/// August is not behind for January to July.
pub fn against_target(published: &[i64], now: i64, per_month: u32, since: i64) -> Cadence {
    let (year, month) = local_year_month(now);
    let quarter_start = (month - 1) / 3 * 3 + 1;
    let (since_year, since_month) = local_year_month(since);
    // Whole months from `first` (or the start, if later) to this one.
    let months = |first: u8| {
        let first = match since_year.cmp(&year) {
            std::cmp::Ordering::Less => first,
            std::cmp::Ordering::Equal => first.max(since_month),
            std::cmp::Ordering::Greater => month + 1,
        };
        u32::from((month + 1).saturating_sub(first))
    };
    let mut c = Cadence {
        month: (0, per_month * months(month)),
        quarter: (0, per_month * months(quarter_start)),
        year: (0, per_month * months(1)),
    };
    for t in published {
        let (y, m) = local_year_month(*t);
        if y != year || m > month {
            continue;
        }
        c.year.0 += 1;
        if m >= quarter_start {
            c.quarter.0 += 1;
        }
        if m == month {
            c.month.0 += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-05-15 12:00 UTC
    const NOW: i64 = 1_778_846_400;
    const DAY: i64 = 86_400;

    #[test]
    fn counts_fall_in_their_months() {
        let published = [NOW, NOW - DAY, NOW - 31 * DAY, NOW - 400 * DAY];
        let m = monthly(&published, NOW, 12);
        assert_eq!(m.len(), 12);
        assert_eq!((m[11].year, m[11].month, m[11].posts), (2026, 5, 2));
        assert_eq!((m[10].month, m[10].posts), (4, 1));
        assert_eq!((m[0].year, m[0].month), (2025, 6));
        assert_eq!(
            m.iter().map(|c| c.posts).sum::<u32>(),
            3,
            "older than a year is left out"
        );
    }

    #[test]
    fn targets_grow_with_the_period() {
        let published = [NOW, NOW - 20 * DAY, NOW - 60 * DAY, NOW - 130 * DAY];
        let c = against_target(&published, NOW, 1, NOW - 400 * DAY);
        assert_eq!(c.month, (1, 1));
        assert_eq!(c.quarter, (2, 2), "April and May");
        assert_eq!(c.year, (4, 5), "January to May");
    }

    #[test]
    fn targets_count_from_the_month_the_blog_started() {
        let published = [NOW, NOW - 20 * DAY];
        // Started in April: two months of this year, both in the quarter.
        let c = against_target(&published, NOW, 1, NOW - 40 * DAY);
        assert_eq!((c.month, c.quarter, c.year), ((1, 1), (2, 2), (2, 2)));
        // Started this month.
        let c = against_target(&published[..1], NOW, 2, NOW - DAY);
        assert_eq!((c.month, c.quarter, c.year), ((1, 2), (1, 2), (1, 2)));
    }
}
