//! The three pagination schemes of the real server.
//!
//! * `page`/`page_size` (default 50, at most 100 items, the requested size echoed, totals always);
//! * `page`/`per_page` (default 50, clamp 100 unless disabled, totals only with
//!   `include_total=true` unless forced);
//! * `offset`/`limit` (inquiries; limit clamped to 1..=500, no totals).

use serde_json::{json, Map, Value};

fn meta(page: u32, page_size: u32, total: Option<usize>, has_next: bool) -> Value {
    let mut m = Map::new();
    m.insert("page".into(), json!(page));
    m.insert("page_size".into(), json!(page_size));
    if let Some(t) = total {
        let pages = if page_size == 0 {
            0
        } else {
            t.div_ceil(page_size as usize)
        };
        m.insert("total_items".into(), json!(t));
        m.insert("total_pages".into(), json!(pages));
    }
    m.insert("has_next".into(), json!(has_next));
    m.insert("has_previous".into(), json!(page > 1));
    Value::Object(m)
}

fn slice(items: Vec<Value>, offset: usize, limit: usize) -> (Vec<Value>, bool) {
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let has_next = offset.saturating_add(limit) < total;
    (page, has_next)
}

/// `page`/`page_size` lists (totals always present).
pub fn page_size_scheme(items: Vec<Value>, page: Option<u32>, page_size: Option<u32>) -> Value {
    page_size_scheme_opts(items, page, page_size, true)
}

/// `page`/`page_size` lists, totals optional (the inquiry lists have none).
///
/// Like the real server, the requested `page_size` is echoed as sent (also `0`
/// or more than 100) and used for the offset, while at most 100 items are returned.
pub fn page_size_scheme_opts(
    items: Vec<Value>,
    page: Option<u32>,
    page_size: Option<u32>,
    totals: bool,
) -> Value {
    let total = items.len();
    let w = PageWindow::new(page, page_size);
    let (items, has_next) = slice(items, w.offset, w.limit);
    json!({"items": items, "pagination": w.meta(total, totals, has_next)})
}

/// The window a `page`/`page_size` request asks for: lets list handlers that
/// can count and skip cheaply (index-backed lists) build only the page's items.
#[derive(Debug, Clone, Copy)]
pub struct PageWindow {
    /// Page number as requested (default 1).
    pub page: u32,
    /// Page size as requested (default 50), echoed in the metadata.
    pub page_size: u32,
    /// Items to skip.
    pub offset: usize,
    /// Items to return (`page_size` capped at 100).
    pub limit: usize,
}

impl PageWindow {
    /// Window of a `page`/`page_size` query.
    pub fn new(page: Option<u32>, page_size: Option<u32>) -> Self {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(50);
        let offset = (page.saturating_sub(1) as usize).saturating_mul(page_size as usize);
        Self {
            page,
            page_size,
            offset,
            limit: page_size.min(100) as usize,
        }
    }

    /// The `pagination` object for a list of `total` items.
    pub fn meta(&self, total: usize, totals: bool, has_next: bool) -> Value {
        let has_next = if totals && self.page_size > 0 {
            (self.page as usize) < total.div_ceil(self.page_size as usize)
        } else {
            has_next
        };
        meta(self.page, self.page_size, totals.then_some(total), has_next)
    }

    /// A full `page_size`-scheme body from the page's items and the total count.
    pub fn body(&self, items: Vec<Value>, total: usize) -> Value {
        let has_next = self.offset.saturating_add(self.limit) < total;
        json!({"items": items, "pagination": self.meta(total, true, has_next)})
    }
}

/// `page`/`per_page` lists.
pub fn per_page_scheme(
    items: Vec<Value>,
    page: Option<u32>,
    per_page: Option<u32>,
    include_total: bool,
    clamp: bool,
) -> Value {
    per_page_scheme_with(items, page, per_page, include_total, clamp, |v| v)
}

/// [`per_page_scheme`] over any rows, rendering only the rows of the page
/// (list handlers pass cheap references and build JSON for at most one page).
pub fn per_page_scheme_with<T>(
    rows: Vec<T>,
    page: Option<u32>,
    per_page: Option<u32>,
    include_total: bool,
    clamp: bool,
    render: impl FnMut(T) -> Value,
) -> Value {
    let page = page.unwrap_or(1);
    let mut size = per_page.unwrap_or(50).max(1);
    if clamp {
        size = size.min(100);
    }
    let total = rows.len();
    let offset = (page.saturating_sub(1) as usize).saturating_mul(size as usize);
    let has_next = offset.saturating_add(size as usize) < total;
    let items: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(size as usize)
        .map(render)
        .collect();
    json!({"items": items, "pagination": meta(page, size, include_total.then_some(total), has_next)})
}

/// [`page_size_scheme`] over any rows, rendering only the rows of the page.
pub fn page_size_scheme_with<T>(
    rows: Vec<T>,
    page: Option<u32>,
    page_size: Option<u32>,
    render: impl FnMut(T) -> Value,
) -> Value {
    let w = PageWindow::new(page, page_size);
    let total = rows.len();
    let items: Vec<Value> = rows
        .into_iter()
        .skip(w.offset)
        .take(w.limit)
        .map(render)
        .collect();
    w.body(items, total)
}

/// `offset`/`limit` lists (no totals; `page = offset/limit + 1`).
pub fn offset_scheme(items: Vec<Value>, offset: Option<u64>, limit: Option<u32>) -> Value {
    let limit = limit.unwrap_or(50).clamp(1, 500);
    let offset = offset.unwrap_or(0);
    let page = u32::try_from((offset / u64::from(limit)).saturating_add(1)).unwrap_or(u32::MAX);
    let (items, has_next) = slice(
        items,
        usize::try_from(offset).unwrap_or(usize::MAX),
        limit as usize,
    );
    json!({"items": items, "pagination": meta(page, limit, None, has_next)})
}

/// Walks a lazy stream of matching rows for one page: skips `offset`, renders
/// at most `limit` rows, then learns the total (`known_total` when the caller
/// has it from an index, else by counting the rest) or, without `want_total`,
/// only whether one more row exists. Returns `(items, total, has_next)`.
fn window<T>(
    rows: impl Iterator<Item = T>,
    known_total: Option<usize>,
    offset: usize,
    limit: usize,
    want_total: bool,
    mut render: impl FnMut(T) -> Value,
) -> (Vec<Value>, Option<usize>, bool) {
    let mut it = rows;
    if known_total.is_some_and(|t| offset >= t) {
        let t = known_total.unwrap_or(0);
        return (Vec::new(), want_total.then_some(t), false);
    }
    let skipped = it.by_ref().take(offset).count();
    let items: Vec<Value> = it.by_ref().take(limit).map(&mut render).collect();
    let total = match known_total {
        Some(t) => Some(t),
        None if want_total => Some(skipped + items.len() + it.by_ref().count()),
        None => None,
    };
    let has_next = match total {
        Some(t) => offset.saturating_add(limit) < t,
        None => skipped == offset && items.len() == limit && it.next().is_some(),
    };
    (items, total.filter(|_| want_total), has_next)
}

/// [`per_page_scheme`] over a lazy stream of the matching rows in list order:
/// only the page's rows are rendered, and rows past the page are walked only
/// when a total is asked for and `known_total` (the count an index gives) is
/// `None`. Same output as [`per_page_scheme_with`] on the collected rows.
pub fn per_page_scheme_iter<T>(
    rows: impl Iterator<Item = T>,
    known_total: Option<usize>,
    page: Option<u32>,
    per_page: Option<u32>,
    include_total: bool,
    clamp: bool,
    render: impl FnMut(T) -> Value,
) -> Value {
    let page = page.unwrap_or(1);
    let mut size = per_page.unwrap_or(50).max(1);
    if clamp {
        size = size.min(100);
    }
    let offset = (page.saturating_sub(1) as usize).saturating_mul(size as usize);
    let (items, total, has_next) = window(
        rows,
        known_total,
        offset,
        size as usize,
        include_total,
        render,
    );
    json!({"items": items, "pagination": meta(page, size, total, has_next)})
}

/// [`page_size_scheme`] over a lazy stream of the matching rows in list order
/// (see [`per_page_scheme_iter`]; this scheme always reports totals).
pub fn page_size_scheme_iter<T>(
    rows: impl Iterator<Item = T>,
    known_total: Option<usize>,
    page: Option<u32>,
    page_size: Option<u32>,
    render: impl FnMut(T) -> Value,
) -> Value {
    let w = PageWindow::new(page, page_size);
    let (items, total, _) = window(rows, known_total, w.offset, w.limit, true, render);
    w.body(items, total.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &Value) -> Vec<i64> {
        v["items"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    }

    #[test]
    fn lazy_pages_match_the_collected_ones() {
        for n in [0usize, 1, 5, 99, 100, 101, 250] {
            let rows: Vec<i64> = (0..n as i64).rev().collect();
            for page in [None, Some(0), Some(1), Some(2), Some(3), Some(u32::MAX)] {
                for size in [None, Some(0), Some(1), Some(7), Some(100), Some(101)] {
                    for total in [false, true] {
                        let want =
                            per_page_scheme_with(rows.clone(), page, size, total, true, |v| {
                                json!(v)
                            });
                        for known in [None, Some(n)] {
                            let got = per_page_scheme_iter(
                                rows.iter().copied(),
                                known,
                                page,
                                size,
                                total,
                                true,
                                |v| json!(v),
                            );
                            assert_eq!(got, want, "n={n} page={page:?} size={size:?} {total}");
                        }
                    }
                    let want = page_size_scheme_with(rows.clone(), page, size, |v| json!(v));
                    for known in [None, Some(n)] {
                        let got =
                            page_size_scheme_iter(rows.iter().copied(), known, page, size, |v| {
                                json!(v)
                            });
                        assert_eq!(got, want, "n={n} page={page:?} size={size:?}");
                        assert!(ids(&got).len() <= 100);
                    }
                }
            }
        }
    }
}
