//! Secondary indexes of the growing tables (executions, events, enforcements).
//!
//! An [`Index`] maps a field value to the ids of the rows holding it, in id
//! order, so list endpoints read only the rows of one key (newest first by
//! iterating an id set backwards) and count matches from the set's size instead
//! of scanning the table. The state functions that insert, change or remove
//! those rows keep the indexes in step (see `executions`, `events`,
//! `enforcements` and `retention`).

use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

static EMPTY: BTreeSet<i64> = BTreeSet::new();

/// Field value → ids of the rows that hold it (ascending).
#[derive(Debug, Clone)]
pub struct Index<K> {
    map: HashMap<K, BTreeSet<i64>>,
}

impl<K> Default for Index<K> {
    fn default() -> Self {
        Self {
            map: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> Index<K> {
    /// Records that row `id` holds `key`.
    pub fn insert(&mut self, key: K, id: i64) {
        self.map.entry(key).or_default().insert(id);
    }

    /// Forgets that row `id` holds `key` (a key left without rows is dropped).
    pub fn remove<Q>(&mut self, key: &Q, id: i64)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some(set) = self.map.get_mut(key) {
            set.remove(&id);
            if set.is_empty() {
                self.map.remove(key);
            }
        }
    }

    /// Ids of the rows holding `key`, ascending (empty when none).
    pub fn ids<Q>(&self, key: &Q) -> &BTreeSet<i64>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get(key).unwrap_or(&EMPTY)
    }

    /// Number of distinct keys.
    pub fn keys(&self) -> usize {
        self.map.len()
    }

    /// Total number of (key, id) entries.
    pub fn entries(&self) -> usize {
        self.map.values().map(BTreeSet::len).sum()
    }
}

/// Adds `id` under `key` when there is one.
pub fn insert_some<K: Hash + Eq>(index: &mut Index<K>, key: Option<K>, id: i64) {
    if let Some(k) = key {
        index.insert(k, id);
    }
}

/// Removes `id` from under `key` when there is one.
pub fn remove_some<K, Q>(index: &mut Index<K>, key: Option<&Q>, id: i64)
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
{
    if let Some(k) = key {
        index.remove(k, id);
    }
}

/// The smallest of the id sets of the filters a query uses (`None` when it
/// uses none: every row is a candidate). Candidates still go through all the
/// query's filters; the set only bounds how many rows are looked at.
pub fn smallest<'a>(
    sets: impl IntoIterator<Item = Option<&'a BTreeSet<i64>>>,
) -> Option<&'a BTreeSet<i64>> {
    sets.into_iter().flatten().min_by_key(|s| s.len())
}

/// How many of `sets` are in use (filters of a query backed by an index).
pub fn used<'a>(sets: impl IntoIterator<Item = Option<&'a BTreeSet<i64>>>) -> usize {
    sets.into_iter().flatten().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_without_rows_are_dropped() {
        let mut i: Index<String> = Index::default();
        i.insert("a".into(), 1);
        i.insert("a".into(), 3);
        i.insert("b".into(), 2);
        assert_eq!(i.ids("a").iter().copied().collect::<Vec<_>>(), vec![1, 3]);
        i.remove("a", 1);
        i.remove("a", 3);
        assert!(i.ids("a").is_empty());
        assert_eq!((i.keys(), i.entries()), (1, 1));
    }

    #[test]
    fn smallest_picks_the_narrowest_filter() {
        let a: BTreeSet<i64> = (1..10).collect();
        let b: BTreeSet<i64> = [4, 5].into_iter().collect();
        assert_eq!(smallest([Some(&a), None, Some(&b)]), Some(&b));
        assert_eq!(smallest([None, None]), None);
        assert_eq!(used([Some(&a), None, Some(&b)]), 2);
    }
}
