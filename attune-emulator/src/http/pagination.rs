//! The three pagination schemes of the real server.
//!
//! * `page`/`page_size` (default 50, clamp 100, totals always);
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
pub fn page_size_scheme_opts(
    items: Vec<Value>,
    page: Option<u32>,
    page_size: Option<u32>,
    totals: bool,
) -> Value {
    let page = page.unwrap_or(1);
    let size = page_size.unwrap_or(50).clamp(1, 100);
    let total = items.len();
    let offset = (page.saturating_sub(1) as usize).saturating_mul(size as usize);
    let (items, has_next) = slice(items, offset, size as usize);
    json!({"items": items, "pagination": meta(page, size, totals.then_some(total), has_next)})
}

/// `page`/`per_page` lists.
pub fn per_page_scheme(
    items: Vec<Value>,
    page: Option<u32>,
    per_page: Option<u32>,
    include_total: bool,
    clamp: bool,
) -> Value {
    let page = page.unwrap_or(1);
    let mut size = per_page.unwrap_or(50).max(1);
    if clamp {
        size = size.min(100);
    }
    let total = items.len();
    let offset = (page.saturating_sub(1) as usize).saturating_mul(size as usize);
    let (items, has_next) = slice(items, offset, size as usize);
    json!({"items": items, "pagination": meta(page, size, include_total.then_some(total), has_next)})
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
