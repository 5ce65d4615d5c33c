//! One page type and one lazy stream for Attune's three pagination schemes.
//!
//! Attune paginates with `page`/`page_size` (most lists), `page`/`per_page` (executions, events,
//! enforcements, keys) or `offset`/`limit` (inquiries), and only sometimes reports totals. Every
//! list method returns a [`Page`]; every `stream` method walks all pages lazily.

use std::collections::VecDeque;
use std::future::Future;

use futures::Stream;
use serde::{Deserialize, Serialize};

use crate::Result;

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// Items of this page.
    pub items: Vec<T>,
    /// 1-based page number as echoed by the server.
    pub page: u32,
    /// Page size as echoed by the server.
    pub page_size: u32,
    /// Total number of items, when the endpoint computed it.
    pub total_items: Option<u64>,
    /// Total number of pages, when the endpoint computed it.
    pub total_pages: Option<u32>,
    /// Whether a further page exists.
    pub has_next: bool,
    /// Whether a previous page exists.
    pub has_previous: bool,
}

impl<T> Page<T> {
    /// Number of items on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// `true` when the page holds no item.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// Iterate over the items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
    /// Map the items, keeping the pagination metadata.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            page_size: self.page_size,
            total_items: self.total_items,
            total_pages: self.total_pages,
            has_next: self.has_next,
            has_previous: self.has_previous,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The server's `pagination` object (`PaginationMeta`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct PaginationMeta {
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    page_size: Option<u32>,
    #[serde(default)]
    total_items: Option<u64>,
    #[serde(default)]
    total_pages: Option<u32>,
    #[serde(default)]
    has_next: Option<bool>,
    #[serde(default)]
    has_previous: Option<bool>,
}

/// `{"items": [...], "pagination": {...}}`; also tolerates `{"data": [...], "meta"|"pagination": ..}`.
#[derive(Debug, Deserialize)]
pub(crate) struct RawPage<T> {
    #[serde(alias = "data")]
    items: Vec<T>,
    #[serde(default, alias = "meta")]
    pagination: Option<PaginationMeta>,
}

impl<T> RawPage<T> {
    pub(crate) fn into_page(self, requested_page: u32, requested_size: u32) -> Page<T> {
        let meta = self.pagination.unwrap_or_default();
        let page = meta.page.unwrap_or(requested_page);
        let page_size = meta.page_size.unwrap_or(requested_size);
        let has_next = match (meta.has_next, meta.total_pages) {
            (Some(h), _) => h,
            (None, Some(tp)) => page < tp,
            (None, None) => page_size > 0 && self.items.len() as u32 >= page_size,
        };
        Page {
            items: self.items,
            page,
            page_size,
            total_items: meta.total_items,
            total_pages: meta.total_pages,
            has_next,
            has_previous: meta.has_previous.unwrap_or(page > 1),
        }
    }
}

/// Lazily walk pages: `fetch(page_number)` is called with 1, 2, ... until a page reports
/// `has_next == false`, comes back empty, or is shorter than its page size.
pub(crate) fn page_stream<T, F, Fut>(
    first_page: u32,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send
where
    T: Send + 'static,
    F: FnMut(u32) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send + 'static,
{
    struct State<T, F> {
        next: Option<u32>,
        buf: VecDeque<T>,
        fetch: F,
    }
    let state = State {
        next: Some(first_page.max(1)),
        buf: VecDeque::new(),
        fetch,
    };
    futures::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.buf.pop_front() {
                return Some((Ok(item), st));
            }
            let page_no = st.next?;
            match (st.fetch)(page_no).await {
                Ok(page) => {
                    let short = page.page_size > 0 && (page.items.len() as u32) < page.page_size;
                    st.next = if page.has_next && !page.items.is_empty() && !short {
                        Some(page_no.saturating_add(1))
                    } else {
                        None
                    };
                    st.buf.extend(page.items);
                }
                Err(e) => {
                    st.next = None;
                    return Some((Err(e), st));
                }
            }
        }
    })
}
