//! T3.22 — execution history pagination (api-contract §1.4, platform-semantics §15): `page` (1-based) and
//! `per_page` (clamped to 100); totals (`total_items`, `total_pages`) only with `include_total=true`;
//! `has_next` / `has_previous` always; newest first; pages neither overlap nor skip.

use std::collections::BTreeSet;

use attune_client::models::ListExecutionsParams;
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::waiters::wait_for_terminal_executions;
use attune_testkit::{Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;

const RUNS: u32 = 27;

#[rstest]
#[case::five_per_page(5)]
#[case::ten_per_page(10)]
#[case::exactly_one_page(27)]
#[case::larger_than_the_set(50)]
#[tokio::test]
async fn t3_22_pages_cover_the_history_once_newest_first(
    #[future(awt)] scope: Scope,
    #[case] per_page: u32,
) -> Result<()> {
    let action = scope.echo_action().await?;
    let mut created = Vec::new();
    for i in 0..RUNS {
        created.push(
            scope
                .execute(&action.r#ref, json!({"message": format!("run {i}")}))
                .await?
                .id,
        );
    }
    wait_for_terminal_executions(scope.client(), by_action(&action.r#ref), RUNS as u64, SHORT)
        .await?;

    let pages = RUNS.div_ceil(per_page);
    let mut seen = Vec::new();
    for page in 1..=pages + 1 {
        let params = ListExecutionsParams {
            action_ref: Some(action.r#ref.clone()),
            include_total: Some(true),
            page: Some(page),
            per_page: Some(per_page),
            ..Default::default()
        };
        let got = scope.client().executions().list(&params).await?;
        let expected_len = if page <= pages {
            (RUNS - (page - 1) * per_page).min(per_page)
        } else {
            0
        };
        assert_eq!(
            got.items.len() as u32,
            expected_len,
            "page {page} of {pages} at {per_page} per page"
        );
        assert_eq!(got.page, page, "the page number is echoed");
        assert_eq!(got.page_size, per_page, "the page size is echoed");
        assert_eq!(
            got.total_items,
            Some(RUNS as u64),
            "include_total=true reports total_items"
        );
        assert_eq!(
            got.total_pages,
            Some(pages),
            "include_total=true reports total_pages"
        );
        assert_eq!(got.has_next, page < pages, "has_next on page {page}");
        assert_eq!(got.has_previous, page > 1, "has_previous on page {page}");
        seen.extend(got.items);
    }

    let ids: Vec<i64> = seen.iter().map(|e| e.id).collect();
    let distinct: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "no execution appears on two pages: {ids:?}"
    );
    assert_eq!(
        distinct,
        created.iter().copied().collect::<BTreeSet<_>>(),
        "the pages hold exactly the runs"
    );
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(ids, newest_first, "newest first across pages");
    assert!(
        seen.windows(2).all(|w| w[0].created >= w[1].created),
        "created timestamps never increase"
    );
    Ok(())
}

#[rstest]
#[tokio::test]
async fn t3_22_totals_only_on_request_and_per_page_is_clamped(
    #[future(awt)] scope: Scope,
) -> Result<()> {
    let action = scope.echo_action().await?;
    for _ in 0..3 {
        scope.execute(&action.r#ref, json!({})).await?;
    }
    let plain = scope
        .client()
        .executions()
        .list(&ListExecutionsParams {
            action_ref: Some(action.r#ref.clone()),
            per_page: Some(2),
            ..Default::default()
        })
        .await?;
    assert_eq!(plain.items.len(), 2);
    assert!(
        plain.has_next && !plain.has_previous,
        "has_next/has_previous are always present"
    );
    assert_eq!(
        plain.total_items, None,
        "no total_items without include_total"
    );
    assert_eq!(
        plain.total_pages, None,
        "no total_pages without include_total"
    );

    let clamped = scope
        .client()
        .executions()
        .list(&ListExecutionsParams {
            per_page: Some(500),
            ..Default::default()
        })
        .await?;
    assert!(
        clamped.page_size <= 100,
        "per_page is clamped to 100, the page reports {}",
        clamped.page_size
    );
    assert!(
        clamped.items.len() <= 100,
        "at most 100 items on a page, got {}",
        clamped.items.len()
    );
    Ok(())
}
